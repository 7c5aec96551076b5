//! The pipeline from a spec folder to generated files: read the files
//! ([`read_sources`]), parse and check them ([`parse`]), emit the code
//! ([`generate`]); and writing the files where they go.

use crate::diag::{Diagnostic, Diagnostics, Problems};
use crate::emit::Output;
use crate::files;
use crate::model::Spec;
use crate::{raw, validate};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// The result of a successful run.
#[derive(Debug)]
pub struct Generated {
    /// The validated spec (its `hints` say what it writes in an earlier spelling).
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
    /// Whether it is one of the `sitehost` crate's own files, read with the
    /// files of a crate of a user's own (see [`crate::extension`]).
    pub upstream: bool,
}

impl Source {
    /// A file of a spec folder, by its relative path and text.
    pub fn new(relative: impl Into<String>, text: impl Into<String>) -> Source {
        Source {
            relative: relative.into(),
            text: text.into(),
            upstream: false,
        }
    }
}

/// Reads every `.yaml` and `.yml` file under `spec_dir`, sorted by path.
///
/// # Errors
///
/// A folder or file that cannot be read, or a file that is not UTF-8.
pub fn read_sources(spec_dir: &Path) -> Result<Vec<Source>, Diagnostics> {
    let at_start = |path: &Path, message: String| Diagnostic {
        file: path.to_path_buf(),
        line: 1,
        column: 1,
        message,
    };
    if !spec_dir.is_dir() {
        return Err(Diagnostics(vec![at_start(
            spec_dir,
            "cannot read the spec folder: it is not a folder".to_owned(),
        )]));
    }
    let relatives = files::files_under(spec_dir, &files::is_spec_file).map_err(|e| {
        Diagnostics(vec![at_start(
            spec_dir,
            format!("cannot read the spec folder: {e}"),
        )])
    })?;
    let mut sources = Vec::new();
    let mut problems = Vec::new();
    for relative in relatives {
        let path = spec_dir.join(&relative);
        match fs::read(&path) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(text) => sources.push(Source {
                    relative,
                    text,
                    upstream: false,
                }),
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

/// Parses and validates spec texts. `spec_dir` only prefixes the file names
/// in diagnostics.
///
/// # Errors
///
/// Every problem found, each as `file:line:col: message`.
pub fn parse(spec_dir: &Path, sources: &[Source]) -> Result<Spec, Diagnostics> {
    parse_sets(&[(spec_dir, sources)])
}

/// Parses and validates several folders' spec texts as one spec, in order.
/// A file's path in diagnostics is its folder joined with its relative path.
pub(crate) fn parse_sets(sets: &[(&Path, &[Source])]) -> Result<Spec, Diagnostics> {
    let mut problems = Problems::default();
    let mut files = Vec::new();
    let all: Vec<(&Path, &Source)> = sets
        .iter()
        .flat_map(|(dir, sources)| sources.iter().map(move |s| (*dir, s)))
        .collect();
    let texts: Vec<&Source> = all.iter().map(|(_, s)| *s).collect();
    let spec_dir = sets.first().map_or(Path::new(""), |(dir, _)| *dir);
    for ((dir, source), parsed) in all.iter().zip(parse_files(&texts)) {
        let path = dir.join(&source.relative);
        match parsed {
            Ok(raw) => files.push(validate::SourceFile::new(
                path,
                &source.relative,
                source.upstream,
                &source.text,
                raw,
            )),
            Err(e) => problems
                .errors
                .push(crate::diag::from_yaml_error(&path, &e)),
        }
    }
    let spec = validate::validate(&files, spec_dir, &mut problems);
    problems.sort();
    match spec {
        Some(mut spec) if problems.errors.is_empty() => {
            spec.hints = problems.hints;
            Ok(spec)
        }
        _ => Err(Diagnostics(problems.errors)),
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

/// Reads and validates the spec in `spec_dir`, without generating code.
///
/// # Errors
///
/// Every problem found, each as `file:line:col: message`.
pub fn check(spec_dir: &Path) -> Result<Spec, Diagnostics> {
    let sources = read_sources(spec_dir)?;
    parse(spec_dir, &sources)
}

/// The text of [`files::FINGERPRINT_FILE`] for these spec files (see
/// [`files::fingerprint`]). The `sitehost-types` build script computes the
/// same over its `spec/` to tell whether code generated earlier is the
/// spec's.
pub fn fingerprint(sources: &[Source]) -> String {
    files::fingerprint_text(files::fingerprint(
        sources
            .iter()
            .map(|s| (s.relative.as_str(), s.text.as_bytes())),
    ))
}

/// Reads, validates and emits the spec in `spec_dir`.
///
/// # Errors
///
/// Every problem found, each as `file:line:col: message`.
pub fn generate(spec_dir: &Path) -> Result<Generated, Diagnostics> {
    let sources = read_sources(spec_dir)?;
    let spec = parse(spec_dir, &sources)?;
    let mut output = crate::emit::emit(&spec).map_err(|message| {
        Diagnostics(vec![Diagnostic {
            file: spec_dir.to_path_buf(),
            line: 1,
            column: 1,
            message,
        }])
    })?;
    output
        .files
        .insert(files::FINGERPRINT_FILE.to_owned(), fingerprint(&sources));
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
    ///
    /// # Errors
    ///
    /// A file that cannot be written or removed.
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
    ///
    /// # Errors
    ///
    /// A folder that cannot be read.
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
    /// Whether no file differs.
    pub fn is_empty(&self) -> bool {
        self.missing.is_empty() && self.changed.is_empty() && self.stale.is_empty()
    }
}

/// The `.rs` files under `dir` (none if it does not exist), relative and
/// `/`-separated.
fn list_rs(dir: &Path) -> io::Result<Vec<String>> {
    files::files_under(dir, &|name| name.ends_with(".rs"))
}
