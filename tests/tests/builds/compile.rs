//! Compile tests: the public API compiles and runs as documented (`pass`,
//! compiled into this test binary and run against the fake), and misuse
//! fails to compile with the messages checked in beside each case
//! (`fail/*.stderr`, with trybuild). The README's samples are compiled as doc
//! tests of the sitehost crate.
//!
//! After a deliberate change of a message, refresh the `.stderr` files with
//! `TRYBUILD=overwrite cargo test -p sitehost-tests --test builds compile` and read them.

#[path = "../../compile/pass/generic_and_errors.rs"]
mod generic_and_errors;
#[path = "../../compile/pass/requests.rs"]
mod requests;

#[test]
fn public_api_compiles_and_runs_as_documented() {
    requests::main();
    generic_and_errors::main();
}

#[test]
fn misuse_does_not_compile() {
    trybuild::TestCases::new().compile_fail("compile/fail/*.rs");
}
