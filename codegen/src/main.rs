//! `sitehost-codegen`: check the spec, or print or write the generated code.

use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "\
usage:
  sitehost-codegen check <spec dir>                 report problems in the spec (exit 1 if any)
  sitehost-codegen generate <spec dir>              print the generated Rust
  sitehost-codegen generate <spec dir> --out <dir>  write the generated files to <dir>
  sitehost-codegen diff <spec dir> <dir>            exit 1 if <dir> is not what the spec generates";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let words: Vec<&str> = args.iter().map(String::as_str).collect();
    match words.as_slice() {
        ["check", spec] => match sitehost_codegen::generate(&PathBuf::from(spec)) {
            Ok(generated) => {
                println!(
                    "{spec}: {} endpoints, {} shapes, no problems",
                    generated.spec.endpoints.len(),
                    generated.spec.shapes.len()
                );
                ExitCode::SUCCESS
            }
            Err(diagnostics) => fail(&diagnostics),
        },
        ["generate", spec] => match sitehost_codegen::generate(&PathBuf::from(spec)) {
            Ok(generated) => {
                for (path, text) in &generated.output.files {
                    println!("// ===== {path}\n{text}");
                }
                ExitCode::SUCCESS
            }
            Err(diagnostics) => fail(&diagnostics),
        },
        ["generate", spec, "--out", out] => {
            match sitehost_codegen::generate(&PathBuf::from(spec)) {
                Ok(generated) => match generated.output.write_to(&PathBuf::from(out)) {
                    Ok(()) => {
                        println!("wrote {} files to {out}", generated.output.files.len());
                        ExitCode::SUCCESS
                    }
                    Err(e) => {
                        eprintln!("error: cannot write to {out}: {e}");
                        ExitCode::FAILURE
                    }
                },
                Err(diagnostics) => fail(&diagnostics),
            }
        }
        ["diff", spec, dir] => match sitehost_codegen::generate(&PathBuf::from(spec)) {
            Ok(generated) => match generated.output.differences(&PathBuf::from(dir)) {
                Ok(d) if d.is_empty() => {
                    println!("{dir} is up to date");
                    ExitCode::SUCCESS
                }
                Ok(d) => {
                    for f in &d.missing {
                        eprintln!("missing: {dir}/{f}");
                    }
                    for f in &d.changed {
                        eprintln!("changed: {dir}/{f}");
                    }
                    for f in &d.stale {
                        eprintln!("stale:   {dir}/{f}");
                    }
                    eprintln!("run: cargo run -p sitehost-codegen -- generate {spec} --out {dir}");
                    ExitCode::FAILURE
                }
                Err(e) => {
                    eprintln!("error: cannot read {dir}: {e}");
                    ExitCode::FAILURE
                }
            },
            Err(diagnostics) => fail(&diagnostics),
        },
        _ => {
            eprintln!("{USAGE}");
            ExitCode::from(2)
        }
    }
}

fn fail(diagnostics: &sitehost_codegen::Diagnostics) -> ExitCode {
    for d in &diagnostics.0 {
        eprintln!("error: {d}");
    }
    let n = diagnostics.0.len();
    eprintln!("{n} problem{} in the spec", if n == 1 { "" } else { "s" });
    ExitCode::FAILURE
}
