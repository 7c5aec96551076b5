//! Scratch projects built by the tests with cargo: copies of the
//! repository, and crates of a user's own.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The repository's root folder.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .canonicalize()
        .expect("workspace root")
}

/// Writes the file if its text differs (so that repeated runs do not
/// rebuild needlessly), creating its folder.
pub fn write_if_changed(path: &Path, text: &str) {
    if fs::read_to_string(path).ok().as_deref() != Some(text) {
        fs::create_dir_all(path.parent().expect("a file has a folder")).expect("folder created");
        fs::write(path, text).expect("file written");
    }
}

/// Copies a folder's files (links as links) into `to`, writing only what
/// changed, and leaving out `target` folders.
pub fn copy_tree(from: &Path, to: &Path) {
    fs::create_dir_all(to).expect("folder created");
    for entry in fs::read_dir(from).expect("folder readable") {
        let entry = entry.expect("entry readable");
        let name = entry.file_name();
        let (source, dest) = (entry.path(), to.join(&name));
        let kind = entry.file_type().expect("file type");
        if kind.is_symlink() {
            let link = fs::read_link(&source).expect("link readable");
            if fs::read_link(&dest).ok() != Some(link.clone()) {
                let _ = fs::remove_file(&dest);
                #[cfg(unix)]
                std::os::unix::fs::symlink(&link, &dest).expect("link created");
                #[cfg(not(unix))]
                copy_tree(&source, &dest);
            }
        } else if kind.is_dir() {
            if name != "target" {
                copy_tree(&source, &dest);
            }
        } else {
            let bytes = fs::read(&source).expect("file readable");
            if fs::read(&dest).ok().as_deref() != Some(bytes.as_slice()) {
                fs::write(&dest, bytes).expect("file written");
            }
        }
    }
}

/// `cargo --quiet`, the cargo running the tests where known, with the given
/// target folder. Add the subcommand's arguments after it.
pub fn cargo(target_dir: &Path) -> Command {
    let mut command = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()));
    command
        .env("CARGO_TARGET_DIR", target_dir)
        .env_remove("SITEHOST_SPEC_DIR")
        .arg("--quiet");
    command
}

/// The target folder that scratch builds share, so that their dependencies
/// are built once.
pub fn shared_target() -> PathBuf {
    root().join("target/regen/target")
}

/// Runs the command and returns its stdout, or panics with both outputs.
pub fn run(command: &mut Command) -> String {
    let output = command.output().expect("the command starts");
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "{command:?} failed\nstdout:\n{stdout}\nstderr:\n{stderr}"
    );
    stdout
}

/// The manifest of a scratch binary crate outside the workspace: `sections`
/// are its `[dependencies]` and any further tables.
pub fn manifest(name: &str, sections: &str) -> String {
    format!(
        r#"[package]
name = "{name}"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
{sections}
[workspace]

[profile.dev.package."*"]
debug = false
"#
    )
}
