//! Tells the build scripts of crates depending on this one where the spec of
//! its endpoints is (`DEP_SITEHOST_SPEC_DIR`, from `links = "sitehost"`):
//! the spec of sitehost-types, which holds the generated code and says where
//! its spec is (`DEP_SITEHOST_TYPES_SPEC_DIR`). `sitehost_codegen::Extension`
//! and the `sitehost` command line read it. The script reads no file.

fn main() {
    println!("cargo::rerun-if-env-changed=DEP_SITEHOST_TYPES_SPEC_DIR");
    if let Some(dir) = std::env::var_os("DEP_SITEHOST_TYPES_SPEC_DIR") {
        println!("cargo::metadata=spec_dir={}", dir.to_string_lossy());
    }
}
