//! Runs `sitehost-codegen check` on a spec folder written for one case, and
//! compares what it prints with the `file:line:col: message` lines a person
//! should see.

use std::fs;

/// The crate's job file: every spec needs the `/job/get` the client polls
/// with, and cases that are not about it take it as it is. (Read when run:
/// this library is packaged without the spec.)
pub fn job_file() -> String {
    fs::read_to_string(crate::scratch::root().join("spec/job.yaml")).expect("spec/job.yaml")
}

/// Runs `check` on a spec folder holding `files` (and `job.yaml`, unless
/// the case writes its own); returns stderr with the folder's path replaced
/// by `spec`.
pub fn check(case: &str, files: &[(&str, &str)]) -> (u8, String) {
    let job = job_file();
    let mut files = files.to_vec();
    if !files
        .iter()
        .any(|(name, text)| *name == "job.yaml" || text.contains("/job/get"))
    {
        files.push(("job.yaml", &job));
    }
    check_alone(case, &files)
}

/// Runs `check` on exactly `files`.
pub fn check_alone(case: &str, files: &[(&str, &str)]) -> (u8, String) {
    let dir = std::env::temp_dir().join(format!("sitehost-diag-{}-{case}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    for (name, text) in files {
        let path = dir.join(name);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = sitehost_codegen::cli::run(
        &["check".to_owned(), dir.display().to_string()],
        &mut out,
        &mut err,
    );
    fs::remove_dir_all(&dir).unwrap();
    let err = String::from_utf8(err).unwrap();
    (code, err.replace(&dir.display().to_string(), "spec"))
}

pub fn expect(case: &str, files: &[(&str, &str)], lines: &[&str]) {
    compare(case, check(case, files), lines);
}

/// As [`expect`], for exactly `files` (no job file added).
pub fn expect_alone(case: &str, files: &[(&str, &str)], lines: &[&str]) {
    compare(case, check_alone(case, files), lines);
}

pub fn compare(case: &str, (code, err): (u8, String), lines: &[&str]) {
    assert_eq!(code, 1, "{case}: exit code");
    let got: Vec<&str> = err.lines().collect();
    let mut want: Vec<String> = lines.iter().map(|l| format!("error: {l}")).collect();
    let n = lines.len();
    want.push(format!(
        "{n} problem{} in the spec",
        if n == 1 { "" } else { "s" }
    ));
    assert_eq!(got, want, "{case}");
}

/// `base` with its first `from` replaced by `to`.
pub fn edited(base: &str, from: &str, to: &str) -> String {
    assert!(base.contains(from), "{from:?} is not in the base spec");
    base.replacen(from, to, 1)
}

/// Checks that `check` finds no problem in a spec of one file, `a.yaml`
/// (hints about earlier spellings are not problems).
pub fn passes(case: &str, text: &str) {
    let (code, err) = check(case, &[("a.yaml", text)]);
    let errors: Vec<&str> = err.lines().filter(|l| !l.starts_with("hint: ")).collect();
    assert_eq!((code, errors), (0, Vec::<&str>::new()), "{case}");
}

/// The hints `check` prints for a spec of one file, `a.yaml`, which must
/// have no problems.
pub fn hints(case: &str, text: &str) -> Vec<String> {
    let (code, err) = check(case, &[("a.yaml", text)]);
    assert_eq!(code, 0, "{case}: {err}");
    err.lines().map(str::to_owned).collect()
}
