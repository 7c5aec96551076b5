//! Writes a synthetic spec of N endpoints (see `sitehost_codegen::synth`) to a folder:
//!
//!     cargo run -p sitehost-codegen --example synth_spec -- 1000 target/synth-1000

fn main() -> std::process::ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(n), Some(dir)) = (
        args.first().and_then(|n| n.parse::<usize>().ok()),
        args.get(1),
    ) else {
        eprintln!("usage: synth_spec <endpoints> <folder>");
        return std::process::ExitCode::from(2);
    };
    let dir = std::path::Path::new(dir);
    let _ = std::fs::remove_dir_all(dir);
    for source in sitehost_codegen::synth::spec(n) {
        let path = dir.join(&source.relative);
        if let Err(e) = std::fs::create_dir_all(path.parent().unwrap_or(dir))
            .and_then(|()| std::fs::write(&path, &source.text))
        {
            eprintln!("error: cannot write {}: {e}", path.display());
            return std::process::ExitCode::FAILURE;
        }
    }
    println!(
        "wrote a spec of {n} endpoints (and /job/get) to {}",
        dir.display()
    );
    std::process::ExitCode::SUCCESS
}
