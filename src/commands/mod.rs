//! One module per subcommand.

pub(crate) mod check;
pub(crate) mod export;
pub(crate) mod fmt;
pub(crate) mod import;
pub(crate) mod inspect;
pub(crate) mod rules;
pub(crate) mod schema;
pub(crate) mod shell;
pub(crate) mod sync;
