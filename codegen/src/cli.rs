//! The `sitehost-codegen` command, as a function the binary and the tests share.

use std::io::Write;
use std::path::PathBuf;

/// The command's help text.
pub const USAGE: &str = "\
usage:
  sitehost-codegen check <spec dir>                 report problems in the spec (exit 1 if any)
  sitehost-codegen generate <spec dir>              print the generated Rust
  sitehost-codegen generate <spec dir> --out <dir>  write the generated files to <dir>
  sitehost-codegen diff <spec dir> <dir>            exit 1 if <dir> is not what the spec generates
  sitehost-codegen infer [<file>|-] [--name <Shape>]  print the spec's YAML for a captured response
                                                    (a file, or stdin); shapes named <Shape>...";

/// Runs the command with `args` (without the program name) and returns the
/// exit code: 0 success, 1 problems, 2 bad usage.
pub fn run(args: &[String], out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let words: Vec<&str> = args.iter().map(String::as_str).collect();
    let result = match words.as_slice() {
        ["check", spec] => check(spec, out, err),
        ["generate", spec] => generate(spec, None, out, err),
        ["generate", spec, "--out", dir] => generate(spec, Some(dir), out, err),
        ["diff", spec, dir] => diff(spec, dir, out, err),
        ["infer", rest @ ..] => match infer_args(rest) {
            Some((file, name)) => infer(file, name, out, err),
            None => writeln!(err, "{USAGE}").map(|()| 2),
        },
        _ => writeln!(err, "{USAGE}").map(|()| 2),
    };
    result.unwrap_or(1)
}

type Code = std::io::Result<u8>;

fn problems(diagnostics: &crate::Diagnostics, err: &mut dyn Write) -> Code {
    for d in &diagnostics.0 {
        writeln!(err, "error: {d}")?;
    }
    let n = diagnostics.0.len();
    writeln!(
        err,
        "{n} problem{} in the spec",
        if n == 1 { "" } else { "s" }
    )?;
    Ok(1)
}

fn check(spec: &str, out: &mut dyn Write, err: &mut dyn Write) -> Code {
    match crate::generate(&PathBuf::from(spec)) {
        Ok(generated) => {
            writeln!(
                out,
                "{spec}: {} endpoints, {} shapes, {} resources, no problems",
                generated.spec.endpoints.len(),
                generated.spec.shapes.len(),
                generated.spec.resources.len()
            )?;
            Ok(0)
        }
        Err(diagnostics) => problems(&diagnostics, err),
    }
}

fn generate(spec: &str, dir: Option<&str>, out: &mut dyn Write, err: &mut dyn Write) -> Code {
    let generated = match crate::generate(&PathBuf::from(spec)) {
        Ok(generated) => generated,
        Err(diagnostics) => return problems(&diagnostics, err),
    };
    match dir {
        None => {
            for (path, text) in &generated.output.files {
                writeln!(out, "// ===== {path}\n{text}")?;
            }
            Ok(0)
        }
        Some(dir) => match generated.output.write_to(&PathBuf::from(dir)) {
            Ok(()) => {
                writeln!(out, "wrote {} files to {dir}", generated.output.files.len())?;
                Ok(0)
            }
            Err(e) => {
                writeln!(err, "error: cannot write to {dir}: {e}")?;
                Ok(1)
            }
        },
    }
}

fn diff(spec: &str, dir: &str, out: &mut dyn Write, err: &mut dyn Write) -> Code {
    let generated = match crate::generate(&PathBuf::from(spec)) {
        Ok(generated) => generated,
        Err(diagnostics) => return problems(&diagnostics, err),
    };
    match generated.output.differences(&PathBuf::from(dir)) {
        Ok(d) if d.is_empty() => {
            writeln!(out, "{dir} is up to date")?;
            Ok(0)
        }
        Ok(d) => {
            for f in &d.missing {
                writeln!(err, "missing: {dir}/{f}")?;
            }
            for f in &d.changed {
                writeln!(err, "changed: {dir}/{f}")?;
            }
            for f in &d.stale {
                writeln!(err, "stale:   {dir}/{f}")?;
            }
            writeln!(
                err,
                "{dir} is out of date; run: cargo run -p sitehost-codegen -- generate {spec} --out {dir}"
            )?;
            Ok(1)
        }
        Err(e) => {
            writeln!(err, "error: cannot read {dir}: {e}")?;
            Ok(1)
        }
    }
}

/// `[<file>|-] [--name <Shape>]`, in either order.
fn infer_args<'a>(words: &[&'a str]) -> Option<(&'a str, Option<&'a str>)> {
    let mut file = None;
    let mut name = None;
    let mut rest = words.iter();
    while let Some(word) = rest.next() {
        match *word {
            "--name" => name = Some(*rest.next()?),
            w if file.is_none() && (w == "-" || !w.starts_with('-')) => file = Some(w),
            _ => return None,
        }
    }
    Some((file.unwrap_or("-"), name))
}

/// The largest captured response `infer` reads.
const MAX_CAPTURE: u64 = 64 << 20;

fn infer(file: &str, name: Option<&str>, out: &mut dyn Write, err: &mut dyn Write) -> Code {
    use std::io::Read;
    let mut body = String::new();
    let read = if file == "-" {
        std::io::stdin().take(MAX_CAPTURE).read_to_string(&mut body)
    } else {
        std::fs::File::open(file).and_then(|f| f.take(MAX_CAPTURE).read_to_string(&mut body))
    };
    if let Err(e) = read {
        writeln!(err, "error: cannot read {file}: {e}")?;
        return Ok(1);
    }
    let mut options = crate::infer::InferOptions::default();
    if let Some(name) = name {
        options.name = name.to_owned();
    }
    match crate::infer::infer(&body, &options) {
        Ok(yaml) => {
            out.write_all(yaml.as_bytes())?;
            Ok(0)
        }
        Err(e) => {
            writeln!(err, "error: {e}")?;
            Ok(1)
        }
    }
}
