fn main() -> std::process::ExitCode {
    sitehost_codegen::Extension::new("spec").build()
}
