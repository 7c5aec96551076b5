//! Codegen never panics, whatever the input: arbitrary text, and files of
//! the real spec with bytes cut out or lines swapped, each either valid (and
//! emitted) or failing with problems located inside the file, in sentences.

use proptest::prelude::*;
use std::path::{Path, PathBuf};

fn real_spec() -> Vec<sitehost_codegen::Source> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../spec");
    sitehost_codegen::read_sources(&root).unwrap()
}

fn parse_one(text: &str) -> Result<(), sitehost_codegen::Diagnostics> {
    let source = sitehost_codegen::Source::new("fuzz.yaml", text);
    let spec = sitehost_codegen::parse(Path::new("spec"), &[source])?;
    sitehost_codegen::emit::emit(&spec).expect("a valid spec emits");
    Ok(())
}

/// How many cases each property runs: `PROPTEST_CASES` when set (to run
/// them longer), else enough to catch a panic on common input quickly.
fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(120)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), failure_persistence: None, ..ProptestConfig::default() })]

    /// Arbitrary text never panics, and every failure has a location.
    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,300}") {
        if let Err(diagnostics) = parse_one(&text) {
            prop_assert!(!diagnostics.0.is_empty());
            for d in &diagnostics.0 {
                prop_assert!(d.line >= 1 && d.column >= 1);
            }
        }
    }

    /// A file of the real spec with bytes cut out, or two lines swapped, is
    /// read without a panic: it is still valid (and emits), or each problem
    /// is reported inside the file, with a sentence.
    #[test]
    fn mangled_real_spec_never_panics(
        file in 0usize..64,
        cut in 0usize..4000,
        len in 1usize..40,
        swap in 0usize..400,
    ) {
        let sources = real_spec();
        let text = &sources[file % sources.len()].text;
        let start = cut.min(text.len());
        let end = (start + len).min(text.len());
        let mut cut_out = String::new();
        cut_out.push_str(text.get(..start).unwrap_or(""));
        cut_out.push_str(text.get(end..).unwrap_or(""));
        let mut lines: Vec<&str> = text.lines().collect();
        if lines.len() > 1 {
            let i = swap % (lines.len() - 1);
            lines.swap(i, i + 1);
        }
        for mangled in [cut_out, lines.join("\n")] {
            if let Err(diagnostics) = parse_one(&mangled) {
                let last_line = mangled.lines().count() + 1;
                prop_assert!(!diagnostics.0.is_empty());
                for d in &diagnostics.0 {
                    prop_assert!(d.line >= 1 && d.line <= last_line, "{d}");
                    prop_assert!(d.column >= 1, "{d}");
                    prop_assert!(!d.message.trim().is_empty(), "{d}");
                }
            }
        }
    }
}
