//! One module per subcommand.

pub(crate) mod export;
pub(crate) mod schema;
