//! The `sitehost-codegen` command, as a function the binary and the tests share.

use std::io::Write;
use std::path::PathBuf;

/// The command's help text.
pub const USAGE: &str = "\
usage:
  sitehost-codegen check <spec dir>                 report problems in the spec (exit 1 if any),
                                                    and earlier spellings with what to write instead
  sitehost-codegen check <spec dir> --explain <path>  print what the spec says and implies of one
                                                    endpoint (effect, resource, fields, filters, ...)
  sitehost-codegen migrate <spec dir>               rewrite earlier spellings in today's, in place
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
        ["check", spec, "--explain", path] | ["check", "--explain", path, spec] => {
            explain(spec, path, out, err)
        }
        ["migrate", spec] => migrate(spec, out, err),
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
    match crate::check(&PathBuf::from(spec)) {
        Ok(checked) => {
            for hint in &checked.hints {
                writeln!(err, "hint: {hint}")?;
            }
            writeln!(
                out,
                "{spec}: {} endpoints, {} shapes, {} resources, no problems{}",
                checked.endpoints.len(),
                checked.shapes.len(),
                checked.resources.len(),
                match checked.hints.len() {
                    0 => String::new(),
                    n => format!(
                        "; {n} earlier spelling{} (`sitehost-codegen migrate {spec}` rewrites {})",
                        if n == 1 { "" } else { "s" },
                        if n == 1 { "it" } else { "them" }
                    ),
                }
            )?;
            Ok(0)
        }
        Err(diagnostics) => problems(&diagnostics, err),
    }
}

fn explain(spec: &str, path: &str, out: &mut dyn Write, err: &mut dyn Write) -> Code {
    let checked = match crate::check(&PathBuf::from(spec)) {
        Ok(checked) => checked,
        Err(diagnostics) => return problems(&diagnostics, err),
    };
    let path = if path.starts_with('/') {
        path.to_owned()
    } else {
        format!("/{path}")
    };
    match crate::explain::explain(&checked, &path) {
        Some(text) => {
            out.write_all(text.as_bytes())?;
            Ok(0)
        }
        None => {
            writeln!(err, "error: the spec in {spec} has no endpoint {path}")?;
            Ok(1)
        }
    }
}

fn migrate(spec: &str, out: &mut dyn Write, err: &mut dyn Write) -> Code {
    let dir = PathBuf::from(spec);
    let before = match crate::check(&dir) {
        Ok(before) => before,
        Err(diagnostics) => return problems(&diagnostics, err),
    };
    let sources = match crate::read_sources(&dir) {
        Ok(sources) => sources,
        Err(diagnostics) => return problems(&diagnostics, err),
    };
    let mut rewritten = Vec::new();
    for source in &sources {
        match crate::migrate::migrate(&source.text) {
            Ok(None) => {}
            Ok(Some(text)) => rewritten.push((source.relative.clone(), text)),
            Err(e) => {
                writeln!(err, "error: {}: {e}", dir.join(&source.relative).display())?;
                return Ok(1);
            }
        }
    }
    // Written only if the rewritten files read as the same spec.
    let after: Vec<crate::Source> = sources
        .iter()
        .map(|s| crate::Source {
            text: rewritten
                .iter()
                .find(|(r, _)| *r == s.relative)
                .map_or_else(|| s.text.clone(), |(_, t)| t.clone()),
            ..s.clone()
        })
        .collect();
    match crate::parse(&dir, &after) {
        Ok(spec_after) if spec_after.hints.is_empty() && spec_after.reads_as(&before) => {}
        Ok(_) | Err(_) => {
            writeln!(
                err,
                "error: the rewritten files would not read as the same spec; nothing was written"
            )?;
            return Ok(1);
        }
    }
    for (relative, text) in &rewritten {
        let path = dir.join(relative);
        if let Err(e) = std::fs::write(&path, text) {
            writeln!(err, "error: cannot write {}: {e}", path.display())?;
            return Ok(1);
        }
        writeln!(out, "rewrote {}", path.display())?;
    }
    writeln!(
        out,
        "{spec}: {} file{} rewritten",
        rewritten.len(),
        if rewritten.len() == 1 { "" } else { "s" }
    )?;
    Ok(0)
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
