//! Compile tests: the public API compiles and runs as documented (`pass`), and
//! misuse fails to compile with the messages checked in beside each case
//! (`fail/*.stderr`). The README's samples are compiled as doc tests of the
//! sitehost crate.
//!
//! After a deliberate change of a message, refresh the `.stderr` files with
//! `TRYBUILD=overwrite cargo test -p sitehost-tests --test builds compile` and read them.

#[test]
fn public_api_compiles_and_misuse_does_not() {
    let cases = trybuild::TestCases::new();
    cases.pass("compile/pass/*.rs");
    cases.compile_fail("compile/fail/*.rs");
}
