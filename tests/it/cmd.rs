//! The CLI's output as snapshot cases: `tests/cmd/*.toml` (the command, its
//! exit status, its folder) beside `*.stdout` and `*.stderr` (what it
//! prints), run by trycmd. `TRYCMD=overwrite cargo test --test it cmd::`
//! writes the outputs anew; review the diff before committing.

#[test]
fn cli_cases() {
    trycmd::TestCases::new()
        .register_bin("qbank", trycmd::cargo::cargo_bin!("qbank"))
        .env("NO_COLOR", "1")
        .env("SOURCE_DATE_EPOCH", "1700000000")
        .case("tests/cmd/*.toml");
}
