//! From the spec as written ([`crate::raw`]) to the validated model
//! ([`crate::model`]), reporting every problem with its place in the file.
//!
//! The checks run in the order things refer to each other: shapes and enums,
//! then parameter definitions and resources (which name shapes), then each
//! endpoint (its parameters, response and resource use), then the job
//! contract across endpoints and the resources' desired-state declarations
//! (which name endpoints). Everything a check needs from the others is in
//! one `Context`, passed by reference.

mod areas;
mod desired;
mod desired_get;
mod desired_more;
mod desired_refs;
mod endpoints;
mod enums;
mod jobs;
mod params;
mod resource_uses;
mod resources;
mod responses;
mod shapes;

use crate::diag::{At, Diagnostic, Locations, Problems};
use crate::model::{Enum, Resource, Shape, Spec, SpecFile};
use crate::raw;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

pub use params::describe_yaml;

/// One parsed spec file.
pub struct SourceFile<'a> {
    /// The path shown in diagnostics.
    pub path: PathBuf,
    /// The path relative to the spec folder, `/`-separated.
    pub relative: &'a str,
    /// Whether it is one of the `sitehost` crate's own files, read by an
    /// extension (see [`crate::extension`]).
    pub upstream: bool,
    /// The file's text.
    pub text: &'a str,
    /// The file as parsed.
    pub raw: raw::File,
    /// Built on first use: only a spec with problems needs it.
    locations: std::cell::OnceCell<Locations>,
}

impl<'a> SourceFile<'a> {
    /// A parsed file, with the path diagnostics show, its path relative to
    /// the spec folder, and whether it is one of the crate's own.
    pub fn new(
        path: PathBuf,
        relative: &'a str,
        upstream: bool,
        text: &'a str,
        raw: raw::File,
    ) -> SourceFile<'a> {
        SourceFile {
            path,
            relative,
            upstream,
            text,
            raw,
            locations: std::cell::OnceCell::new(),
        }
    }

    /// Where each node of the file is, built on first use.
    pub fn locations(&self) -> &Locations {
        self.locations.get_or_init(|| Locations::index(self.text))
    }

    /// The file, as the model names it.
    pub fn spec_file(&self) -> SpecFile {
        SpecFile {
            relative: self.relative.to_owned(),
            upstream: self.upstream,
        }
    }

    fn reporter<'r>(&'r self, out: &'r mut Problems) -> Reporter<'r> {
        Reporter { file: self, out }
    }
}

/// Collects diagnostics for one file; finds their places only when one is reported.
struct Reporter<'r> {
    file: &'r SourceFile<'r>,
    out: &'r mut Problems,
}

impl Reporter<'_> {
    /// How many errors have been reported so far, in all files.
    fn count(&self) -> usize {
        self.out.errors.len()
    }

    fn diagnostic(&self, path: &str, at: At, message: String) -> Diagnostic {
        let (line, column) = self.file.locations().find(path, at);
        Diagnostic {
            file: self.file.path.clone(),
            line,
            column,
            message,
        }
    }

    fn error(&mut self, path: &str, at: At, message: impl Into<String>) {
        let d = self.diagnostic(path, at, message.into());
        self.out.errors.push(d);
    }

    /// Something written in an earlier spelling: read as it stands, with
    /// what to write instead.
    fn hint(&mut self, path: &str, at: At, message: impl Into<String>) {
        let d = self.diagnostic(path, at, message.into());
        self.out.hints.push(d);
    }
}

/// Everything a check may refer to beyond what it checks.
pub(crate) struct Context<'a> {
    /// The enums, by name.
    pub enums: &'a BTreeMap<String, Enum>,
    /// The shapes, by name.
    pub shapes: &'a BTreeMap<String, Shape>,
    /// The parameter definitions of the files' `params:`, by name.
    pub definitions: &'a HashMap<&'a str, params::Definition<'a>>,
    /// The resources declared without problems.
    pub resources: &'a BTreeMap<String, Resource>,
    /// Every resource name declared, with problems or not: a use of one
    /// whose declaration has problems is not reported again.
    pub declared: &'a BTreeSet<String>,
}

impl<'a> Context<'a> {
    /// The context of parameter definitions, which may name enums only.
    fn for_definitions(
        enums: &'a BTreeMap<String, Enum>,
        definitions: &'a HashMap<&'a str, params::Definition<'a>>,
    ) -> Context<'a> {
        static NO_SHAPES: BTreeMap<String, Shape> = BTreeMap::new();
        static NO_RESOURCES: BTreeMap<String, Resource> = BTreeMap::new();
        static NO_NAMES: BTreeSet<String> = BTreeSet::new();
        Context {
            enums,
            shapes: &NO_SHAPES,
            definitions,
            resources: &NO_RESOURCES,
            declared: &NO_NAMES,
        }
    }
}

/// The names of Rust's prelude (and `Self`): the generated code uses them
/// unqualified, and a user's `use sitehost::api::x::*` must not shadow them,
/// so no generated type may take them.
pub(crate) const PRELUDE: &[&str] = &[
    "AsMut",
    "AsRef",
    "Box",
    "Clone",
    "Copy",
    "Default",
    "DoubleEndedIterator",
    "Drop",
    "Eq",
    "Err",
    "ExactSizeIterator",
    "Extend",
    "Fn",
    "FnMut",
    "FnOnce",
    "From",
    "FromIterator",
    "Into",
    "IntoIterator",
    "Iterator",
    "None",
    "Ok",
    "Option",
    "Ord",
    "PartialEq",
    "PartialOrd",
    "Result",
    "Self",
    "Send",
    "Sized",
    "Some",
    "String",
    "Sync",
    "ToOwned",
    "ToString",
    "TryFrom",
    "TryInto",
    "Unpin",
    "Vec",
];

/// The endpoint that reports on jobs; required when any endpoint starts one.
pub const JOB_STATUS_PATH: &str = "/job/get";

/// The Rust name of the private field in which a shape keeps the fields the
/// spec does not declare (read with its `extra()` method).
pub const EXTRA_FIELD: &str = "__extra";

/// Where something was first defined, for "already defined at" messages:
/// a file and a node path, resolved to a line only when reported.
#[derive(Clone)]
struct FirstSeen<'a> {
    file: &'a SourceFile<'a>,
    at: String,
}

impl FirstSeen<'_> {
    fn place(&self) -> String {
        let (line, _) = self.file.locations().find(&self.at, At::Value);
        format!("{}:{line}", self.file.path.display())
    }
}

/// Checks the parsed files into a [`Spec`], reporting every problem into
/// `out`; `spec_dir` names the folder in a diagnostic about the folder
/// itself.
pub fn validate(files: &[SourceFile<'_>], spec_dir: &Path, out: &mut Problems) -> Option<Spec> {
    let errors_before = out.errors.len();
    let shapes = shapes::shapes(files, out);
    let enums = enums::enums(files, out);
    let definitions = params::definitions(files, &enums, out);
    let mut resources = resources::resources(files, &shapes, out);
    let declared = resources::declared(files);
    let ctx = Context {
        enums: &enums,
        shapes: &shapes,
        definitions: &definitions,
        resources: &resources,
        declared: &declared,
    };
    let (endpoints, first_job) = endpoints::endpoints(files, &ctx, out);
    jobs::check(files, &endpoints, first_job, out);
    desired::resolve(files, &mut resources, &endpoints, &shapes, out);
    areas::check(files, &resources, &endpoints, out);

    // Only when nothing else is wrong: files that failed to parse hold endpoints too.
    if endpoints.is_empty() && out.errors.is_empty() {
        let file = files
            .first()
            .map_or_else(|| spec_dir.to_path_buf(), |f| f.path.clone());
        out.errors.push(Diagnostic {
            file,
            line: 1,
            column: 1,
            message: if files.is_empty() {
                "the spec folder has no .yaml files".to_owned()
            } else {
                "the spec defines no endpoints".to_owned()
            },
        });
    }
    if out.errors.len() > errors_before {
        return None;
    }
    Some(Spec {
        endpoints,
        shapes: shapes.into_values().collect(),
        enums: enums.into_values().collect(),
        resources: resources.into_values().collect(),
        hints: Vec::new(),
    })
}

pub(crate) fn is_pascal(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some('A'..='Z')) && chars.all(|c| c.is_ascii_alphanumeric())
}
