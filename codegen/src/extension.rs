//! Endpoints from a user's own crate: request types generated from the
//! user's spec files, on top of the published `sitehost` crate.
//!
//! A build script calls [`Extension::build`]; the crate includes the result
//! with `sitehost::include_endpoints!()` and sends the requests with the
//! same `sitehost::Client` (`client.send(&request)`, jobs and paging
//! included):
//!
//! ```no_run
//! // build.rs
//! fn main() -> std::process::ExitCode {
//!     sitehost_codegen::Extension::new("spec").build()
//! }
//! ```
//!
//! The user's files are checked together with the `sitehost` crate's own
//! spec, which the `sitehost` build script names to its dependents' build
//! scripts (`DEP_SITEHOST_SPEC_DIR`): the same diagnostics as for the crate's
//! spec, the crate's shapes and enums usable by name, its `/job/get` used for
//! waiting, and a path the crate already has refused.

use crate::{Diagnostic, Diagnostics, Generated, Source};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The environment variable through which the `sitehost` build script
/// names its spec folder to the build scripts of crates depending on it.
pub const BASE_ENV: &str = "DEP_SITEHOST_SPEC_DIR";

/// A user's spec folder, to generate request types for.
#[derive(Debug, Clone)]
pub struct Extension {
    spec_dir: PathBuf,
    base_dir: Option<PathBuf>,
}

impl Extension {
    /// The spec folder (YAML files, in the format of the `sitehost` crate's
    /// `spec/`). A relative path is relative to the current directory, which
    /// for a build script is the package's folder.
    pub fn new(spec_dir: impl Into<PathBuf>) -> Self {
        Extension {
            spec_dir: spec_dir.into(),
            base_dir: None,
        }
    }

    /// The `sitehost` crate's spec folder, if not the one its build script
    /// names in `DEP_SITEHOST_SPEC_DIR`.
    pub fn base_spec_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.base_dir = Some(dir.into());
        self
    }

    fn base(&self) -> Result<PathBuf, Diagnostics> {
        match &self.base_dir {
            Some(dir) => Ok(dir.clone()),
            None => std::env::var_os(BASE_ENV)
                .map(PathBuf::from)
                .ok_or_else(|| {
                    one(
                        &self.spec_dir,
                        format!(
                            "the sitehost crate's spec is not known: `{BASE_ENV}` is not set. Call \
                         this from the build script of a crate that depends on `sitehost` \
                         (whose build script sets it), or give the folder with `base_spec_dir`"
                        ),
                    )
                }),
        }
    }

    /// Reads and checks the user's spec with the `sitehost` crate's, and
    /// emits the code of the user's endpoints, shapes and enums.
    pub fn generate(&self) -> Result<Generated, Diagnostics> {
        let base_dir = self.base()?;
        let own = crate::read_sources(&self.spec_dir)?;
        if own.is_empty() {
            return Err(one(
                &self.spec_dir,
                "the spec folder has no .yaml files".to_owned(),
            ));
        }
        let base: Vec<Source> = crate::read_sources(&base_dir)?
            .into_iter()
            .map(|s| Source {
                upstream: true,
                ..s
            })
            .collect();
        let spec = crate::parse_sets(&[(&base_dir, &base), (&self.spec_dir, &own)])?;
        let output = crate::emit::emit_extension(&spec).map_err(|m| one(&self.spec_dir, m))?;
        let mut sources: Vec<PathBuf> = own
            .iter()
            .map(|s| self.spec_dir.join(&s.relative))
            .collect();
        sources.extend(base.iter().map(|s| base_dir.join(&s.relative)));
        Ok(Generated {
            spec,
            output,
            sources,
        })
    }

    /// Does everything a build script does: tells cargo which files to
    /// watch, generates the code into `$OUT_DIR/sitehost/`, or prints the
    /// spec's problems (as `file:line:col: message`) and fails.
    pub fn build(&self) -> ExitCode {
        crate::build::watch_spec(&self.spec_dir);
        let hint = format!(
            "Fix the spec (see the sitehost crate's spec/README.md for its format) in {}.",
            self.spec_dir.display()
        );
        crate::build::write_or_report(self.generate(), &hint)
    }
}

fn one(at: &Path, message: String) -> Diagnostics {
    Diagnostics(vec![Diagnostic {
        file: at.to_path_buf(),
        line: 1,
        column: 1,
        message,
    }])
}
