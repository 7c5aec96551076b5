//! Spec files on disk: which files a folder holds, and the fingerprint that
//! says which spec some generated code was made from.
//!
//! This module has no dependencies, so that the `sitehost-types` build
//! script can use it without the generator (`default-features = false`):
//! that build checks its generated snapshot against its spec with the same
//! walk and the same hash as the generator wrote it with.

use std::fs;
use std::io;
use std::path::Path;

/// The file, among the generated ones, that names the spec they were
/// generated from: see [`fingerprint`].
pub const FINGERPRINT_FILE: &str = "spec.fingerprint";

/// Whether a file of this name is a spec file: `.yaml` or `.yml`.
pub fn is_spec_file(name: &str) -> bool {
    name.ends_with(".yaml") || name.ends_with(".yml")
}

/// The files under `dir` whose name `keep` accepts, by `/`-separated path
/// relative to `dir`, sorted. A folder that does not exist holds none.
///
/// # Errors
///
/// A folder under `dir` that cannot be read.
pub fn files_under(dir: &Path, keep: &dyn Fn(&str) -> bool) -> io::Result<Vec<String>> {
    fn walk(
        dir: &Path,
        prefix: &str,
        keep: &dyn Fn(&str) -> bool,
        out: &mut Vec<String>,
    ) -> io::Result<()> {
        for entry in fs::read_dir(dir)? {
            let entry = entry?;
            let name = entry.file_name().to_string_lossy().into_owned();
            let relative = if prefix.is_empty() {
                name.clone()
            } else {
                format!("{prefix}/{name}")
            };
            if entry.file_type()?.is_dir() || entry.path().is_dir() {
                walk(&entry.path(), &relative, keep, out)?;
            } else if keep(&name) {
                out.push(relative);
            }
        }
        Ok(())
    }
    let mut out = Vec::new();
    if dir.exists() {
        walk(dir, "", keep, &mut out)?;
    }
    out.sort();
    Ok(out)
}

/// FNV-1a (64 bits) of `bytes`, continuing from `hash` (start from
/// [`FNV_START`]).
pub fn fnv1a(hash: u64, bytes: &[u8]) -> u64 {
    bytes.iter().fold(hash, |hash, &byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Where FNV-1a (64 bits) starts.
pub const FNV_START: u64 = 0xcbf2_9ce4_8422_2325;

/// The fingerprint of spec files given as `(relative path, text)` in path
/// order: FNV-1a over each file's path and text, each followed by a zero
/// byte.
pub fn fingerprint<'a>(files: impl IntoIterator<Item = (&'a str, &'a [u8])>) -> u64 {
    files.into_iter().fold(FNV_START, |hash, (relative, text)| {
        let hash = fnv1a(fnv1a(hash, relative.as_bytes()), &[0]);
        fnv1a(fnv1a(hash, text), &[0])
    })
}

/// The text of [`FINGERPRINT_FILE`] for a fingerprint.
pub fn fingerprint_text(hash: u64) -> String {
    format!(
        "# The spec these files were generated from: FNV-1a (64 bits) over each spec\n\
         # file's relative path and text, in path order, each followed by a zero byte.\n\
         {hash:016x}\n"
    )
}

/// The fingerprint a [`FINGERPRINT_FILE`]'s text records, if it records one.
pub fn recorded_fingerprint(text: &str) -> Option<u64> {
    let line = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with('#'))?;
    u64::from_str_radix(line, 16).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fingerprint_covers_names_and_texts() {
        let a = fingerprint([("a.yaml", &b"x"[..])]);
        assert_ne!(a, fingerprint([("b.yaml", &b"x"[..])]));
        assert_ne!(a, fingerprint([("a.yaml", &b"y"[..])]));
        // The separators keep `ab` + `c` apart from `a` + `bc`.
        assert_ne!(
            fingerprint([("ab", &b"c"[..])]),
            fingerprint([("a", &b"bc"[..])])
        );
        assert_eq!(recorded_fingerprint(&fingerprint_text(a)), Some(a));
        assert_eq!(fnv1a(FNV_START, b""), FNV_START);
    }
}
