//! Code generation for the `sitehost` crate, and for endpoints a crate of
//! your own adds to it.
//!
//! # Quick start: endpoints the `sitehost` crate lacks
//!
//! Write the endpoints in a spec folder of your crate, in the format of the
//! `sitehost` crate's `spec/` (its `spec/README.md`), and generate them from
//! your build script:
//!
//! ```toml
//! [dependencies]
//! sitehost = "0.1"
//!
//! [build-dependencies]
//! sitehost-codegen = "0.1"
//! ```
//!
//! ```no_run
//! // build.rs
//! fn main() -> std::process::ExitCode {
//!     sitehost_codegen::Extension::new("spec").build()
//! }
//! ```
//!
//! ```ignore
//! // src/lib.rs or src/main.rs
//! mod extra {
//!     sitehost::include_endpoints!();
//! }
//! let records = client.send(&extra::api::domain::ListRecords::new(1, "example.nz")).await?;
//! ```
//!
//! A problem in your spec fails the build with `file:line:col: message`, and
//! a path the `sitehost` crate already has is refused.
//!
//! # The pipeline
//!
//! The spec (a folder of YAML files) is read with serde_yaml into [`raw`],
//! checked into [`model`] by [`validate`], and turned into formatted Rust by
//! [`emit`]. [`generate`] runs all of it; the `sitehost` build script (with
//! [`build`]) and the `sitehost-codegen` command both call it.
//!
//! Every problem in the spec comes back as a [`Diagnostic`] of the form
//! `file:line:col: message`; nothing in here panics on bad input.

#![warn(missing_docs)]

pub mod build;
pub mod cli;
pub mod diag;
pub mod emit;
pub mod extension;
pub mod infer;
pub mod model;
pub mod raw;
pub mod synth;
pub mod validate;

pub use diag::{Diagnostic, Diagnostics};
pub use emit::Output;
pub use extension::Extension;
pub use model::Spec;

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// The result of a successful run.
#[derive(Debug)]
pub struct Generated {
    /// The validated spec.
    pub spec: Spec,
    /// The generated files.
    pub output: Output,
    /// The spec files read, for `cargo:rerun-if-changed`.
    pub sources: Vec<PathBuf>,
}

/// One spec file's text, with its path relative to the spec folder.
#[derive(Debug, Clone)]
pub struct Source {
    /// The path relative to the spec folder, `/`-separated.
    pub relative: String,
    /// The file's text.
    pub text: String,
}

/// Reads every `.yaml` and `.yml` file under `spec_dir`, sorted by path.
pub fn read_sources(spec_dir: &Path) -> Result<Vec<Source>, Diagnostics> {
    let mut paths = Vec::new();
    let mut problems = Vec::new();
    collect(spec_dir, spec_dir, &mut paths, &mut problems);
    paths.sort();
    let mut sources = Vec::new();
    for relative in paths {
        let path = spec_dir.join(&relative);
        match fs::read(&path) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(text) => sources.push(Source { relative, text }),
                Err(e) => problems.push(at_start(&path, format!("the file is not UTF-8: {e}"))),
            },
            Err(e) => problems.push(at_start(&path, format!("cannot read the file: {e}"))),
        }
    }
    if problems.is_empty() {
        Ok(sources)
    } else {
        Err(Diagnostics(problems))
    }
}

fn at_start(path: &Path, message: String) -> Diagnostic {
    Diagnostic {
        file: path.to_path_buf(),
        line: 1,
        column: 1,
        message,
    }
}

fn collect(root: &Path, dir: &Path, out: &mut Vec<String>, problems: &mut Vec<Diagnostic>) {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            problems.push(at_start(dir, format!("cannot read the spec folder: {e}")));
            return;
        }
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_dir() {
            collect(root, &path, out, problems);
        } else if matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("yaml" | "yml")
        ) && let Ok(relative) = path.strip_prefix(root)
        {
            let parts: Vec<String> = relative
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            out.push(parts.join("/"));
        }
    }
}

/// Parses and validates spec texts. `spec_dir` only prefixes the file names
/// in diagnostics.
pub fn parse(spec_dir: &Path, sources: &[Source]) -> Result<Spec, Diagnostics> {
    parse_sets(&[(spec_dir, sources)])
}

/// Parses and validates several folders' spec texts as one spec, in order.
/// A file's path in diagnostics is its folder joined with its relative path;
/// a relative path starting with [`extension::BASE`] names a file of the
/// `sitehost` crate's own spec, seen from an extension.
pub(crate) fn parse_sets(sets: &[(&Path, &[Source])]) -> Result<Spec, Diagnostics> {
    let mut problems = Vec::new();
    let mut files = Vec::new();
    let all: Vec<(&Path, &Source)> = sets
        .iter()
        .flat_map(|(dir, sources)| sources.iter().map(move |s| (*dir, s)))
        .collect();
    let texts: Vec<&Source> = all.iter().map(|(_, s)| *s).collect();
    let spec_dir = sets.first().map_or(Path::new(""), |(dir, _)| *dir);
    for ((dir, source), parsed) in all.iter().zip(parse_files(&texts)) {
        let relative = source
            .relative
            .strip_prefix(extension::BASE)
            .unwrap_or(&source.relative);
        let path = dir.join(relative);
        match parsed {
            Ok(raw) => files.push(validate::SourceFile::new(
                path,
                &source.relative,
                &source.text,
                raw,
            )),
            Err(e) => problems.push(diag::from_yaml_error(&path, &e)),
        }
    }
    let spec = validate::validate(&files, spec_dir, &mut problems);
    // In reading order, whatever order the checks ran in.
    problems.sort_by(|a, b| (&a.file, a.line, a.column).cmp(&(&b.file, b.line, b.column)));
    match spec {
        Some(spec) if problems.is_empty() => Ok(spec),
        _ => Err(Diagnostics(problems)),
    }
}

/// Parses each file with serde_yaml, in order, spreading large specs over
/// the machine's cores.
fn parse_files(sources: &[&Source]) -> Vec<Result<raw::File, serde_yaml::Error>> {
    let parse_one = |source: &&Source| {
        if source.text.trim().is_empty() || only_comments(&source.text) {
            Ok(raw::File::default())
        } else {
            serde_yaml::from_str::<raw::File>(&source.text)
        }
    };
    let bytes: usize = sources.iter().map(|s| s.text.len()).sum();
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(8));
    if threads < 2 || sources.len() < 2 || bytes < 256 * 1024 {
        return sources.iter().map(parse_one).collect();
    }
    let chunk = sources.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let workers: Vec<_> = sources
            .chunks(chunk)
            .map(|part| scope.spawn(move || part.iter().map(parse_one).collect::<Vec<_>>()))
            .collect();
        workers
            .into_iter()
            .zip(sources.chunks(chunk))
            .flat_map(|(worker, part)| {
                // A thread that panicked has parsed nothing; parse its part here.
                worker
                    .join()
                    .unwrap_or_else(|_| part.iter().map(parse_one).collect())
            })
            .collect()
    })
}

fn only_comments(text: &str) -> bool {
    text.lines()
        .map(str::trim)
        .all(|l| l.is_empty() || l.starts_with('#') || l == "---")
}

/// Reads and validates the spec in `spec_dir`, and writes the command
/// line's table of endpoint docs (see [`emit::commands_file`]).
pub fn commands(spec_dir: &Path) -> Result<String, Diagnostics> {
    let sources = read_sources(spec_dir)?;
    let spec = parse(spec_dir, &sources)?;
    Ok(emit::commands_file(&spec))
}

/// The file, among the generated ones, that names the spec they were
/// generated from: see [`fingerprint`].
pub const FINGERPRINT_FILE: &str = "spec.fingerprint";

/// The text of [`FINGERPRINT_FILE`] for these spec files: FNV-1a (64 bits)
/// over each file's relative path and text, in path order, each followed by
/// a zero byte. The `sitehost` build script computes the same over its
/// `spec/` to tell whether code generated earlier is the spec's.
pub fn fingerprint(sources: &[Source]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for source in sources {
        for part in [source.relative.as_bytes(), source.text.as_bytes()] {
            for &byte in part.iter().chain([0u8].iter()) {
                hash = (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
            }
        }
    }
    format!(
        "# The spec these files were generated from: FNV-1a (64 bits) over each spec\n\
         # file's relative path and text, in path order, each followed by a zero byte.\n\
         {hash:016x}\n"
    )
}

/// Reads, validates and emits the spec in `spec_dir`.
pub fn generate(spec_dir: &Path) -> Result<Generated, Diagnostics> {
    let sources = read_sources(spec_dir)?;
    let spec = parse(spec_dir, &sources)?;
    let mut output =
        emit::emit(&spec).map_err(|message| Diagnostics(vec![at_start(spec_dir, message)]))?;
    output
        .files
        .insert(FINGERPRINT_FILE.to_owned(), fingerprint(&sources));
    Ok(Generated {
        spec,
        output,
        sources: sources.iter().map(|s| spec_dir.join(&s.relative)).collect(),
    })
}

impl Output {
    /// Writes the files under `dir`, leaving files whose text is unchanged
    /// untouched, and removes `.rs` files under `dir` that are no longer
    /// generated.
    pub fn write_to(&self, dir: &Path) -> io::Result<()> {
        for (relative, text) in &self.files {
            let path = dir.join(relative);
            if fs::read_to_string(&path).ok().as_deref() == Some(text.as_str()) {
                continue;
            }
            if let Some(parent) = path.parent() {
                fs::create_dir_all(parent)?;
            }
            fs::write(&path, text)?;
        }
        for existing in list_rs(dir)? {
            if !self.files.contains_key(&existing) {
                fs::remove_file(dir.join(existing))?;
            }
        }
        Ok(())
    }

    /// How `dir` differs from this output.
    pub fn differences(&self, dir: &Path) -> io::Result<Differences> {
        let existing = list_rs(dir)?;
        let mut differences = Differences::default();
        for (relative, text) in &self.files {
            match fs::read_to_string(dir.join(relative)) {
                Ok(found) if found == *text => {}
                Ok(_) => differences.changed.push(relative.clone()),
                Err(_) => differences.missing.push(relative.clone()),
            }
        }
        for relative in existing {
            if !self.files.contains_key(&relative) {
                differences.stale.push(relative);
            }
        }
        Ok(differences)
    }
}

/// Files that differ between a folder and the output.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Differences {
    /// Generated, but not in the folder.
    pub missing: Vec<String>,
    /// In both, with other text.
    pub changed: Vec<String>,
    /// `.rs` files in the folder that are no longer generated.
    pub stale: Vec<String>,
}

impl Differences {
    /// Whether no file was generated.
    pub fn is_empty(&self) -> bool {
        self.missing.is_empty() && self.changed.is_empty() && self.stale.is_empty()
    }
}

/// The `.rs` files under `dir` (none if it does not exist), relative and
/// `/`-separated.
fn list_rs(dir: &Path) -> io::Result<Vec<String>> {
    let mut out = Vec::new();
    if dir.exists() {
        collect_rs(dir, dir, &mut out)?;
    }
    Ok(out)
}

fn collect_rs(root: &Path, dir: &Path, out: &mut Vec<String>) -> io::Result<()> {
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect_rs(root, &path, out)?;
        } else if path.extension().is_some_and(|e| e == "rs")
            && let Ok(relative) = path.strip_prefix(root)
        {
            let parts: Vec<String> = relative
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            out.push(parts.join("/"));
        }
    }
    Ok(())
}
