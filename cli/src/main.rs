//! `sitehost`: the SiteHost API from a shell. See `sitehost --help`.

fn main() -> std::process::ExitCode {
    sitehost_cli::main()
}
