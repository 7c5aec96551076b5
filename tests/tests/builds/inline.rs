//! The front ends' runtime in `sitehost-types` (the wire codec, and what
//! reads the endpoint, shape and resource descriptions) is `#[inline]`, every
//! function of it, so that a program that only sends typed requests compiles
//! none of it (see BENCHMARKS.md, "A user's build"). A function added
//! without it would quietly put its code back into every user's build.

use sitehost_tests::scratch::root;
use std::fs;
use std::path::PathBuf;

/// The files of the front ends' runtime.
fn front_end_files() -> Vec<PathBuf> {
    let src = root().join("types/src");
    let mut files: Vec<PathBuf> = ["endpoint.rs", "shape.rs", "resource.rs"]
        .iter()
        .map(|f| src.join(f))
        .collect();
    for entry in fs::read_dir(src.join("wire")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy();
        if name.ends_with(".rs") && !name.ends_with("_tests.rs") {
            files.push(path);
        }
    }
    files.sort();
    files
}

/// The functions of `text` (outside its tests) without `#[inline]` among
/// the attributes above them, as `line: text`.
fn not_inline(text: &str) -> Vec<String> {
    let lines: Vec<&str> = text.lines().collect();
    let mut missing = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        if line.starts_with("#[cfg(test)]") {
            break;
        }
        let code = line.trim_start();
        let code = code
            .strip_prefix("pub(crate) ")
            .or_else(|| code.strip_prefix("pub "))
            .unwrap_or(code);
        let code = code.strip_prefix("const ").unwrap_or(code);
        if !code.starts_with("fn ") {
            continue;
        }
        let inline = lines[..i]
            .iter()
            .rev()
            .map(|l| l.trim())
            .take_while(|l| l.starts_with("#[") || l.starts_with("///"))
            .any(|l| l.starts_with("#[inline"));
        if !inline {
            missing.push(format!("{}: {}", i + 1, line.trim()));
        }
    }
    missing
}

#[test]
fn every_function_of_the_front_ends_runtime_is_inline() {
    let mut missing = Vec::new();
    let mut seen = 0;
    for file in front_end_files() {
        let text = fs::read_to_string(&file).unwrap();
        seen += text.matches("fn ").count();
        for line in not_inline(&text) {
            missing.push(format!("{}:{line}", file.display()));
        }
    }
    assert!(seen > 100, "the front ends' runtime was not found");
    assert!(
        missing.is_empty(),
        "functions without #[inline]:\n{}",
        missing.join("\n")
    );
}

#[test]
fn a_function_without_inline_is_found() {
    let text = "/// Doc.\n#[inline]\npub fn a() {}\n\n/// Doc.\n#[must_use]\npub(crate) fn b() {}\n    fn c() {}\n#[cfg(test)]\nfn d() {}\n";
    assert_eq!(
        not_inline(text),
        ["7: pub(crate) fn b() {}", "8: fn c() {}"]
    );
}
