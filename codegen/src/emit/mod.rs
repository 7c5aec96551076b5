//! From the validated model to Rust source files, written as rustfmt
//! would leave them.
//!
//! Output files (paths relative to the output folder, mirrored by
//! `types/generated/`):
//! - `api.rs`: the module tree, one module per API path segment, and `ENDPOINTS`;
//! - `api/<segments>.rs`: the request types of the endpoints under one path,
//!   each with its endpoint's description as data;
//! - `shapes.rs`: the response shapes; `enums.rs`: the closed sets of
//!   parameter values; `resources.rs`: the declared resources;
//! - `client.rs`: the job endpoint, and a macro with one `Client` method per
//!   endpoint, which the `sitehost` crate expands;
//! - for a crate of a user's own, `endpoints.rs`, which declares its
//!   modules (and no `resources.rs` or `client.rs`).
//!
//! Each file is built by one module from an [`Emitter`] (the spec, and whom
//! the files are for) and the file's `Paths`; the text goes through
//! `code::Code` and `layout`, which lay it out as rustfmt does.

mod areas;
mod client;
mod code;
mod docs;
mod enums;
mod layout;
mod metadata;
mod modules;
mod params;
mod requests;
mod resources;
mod rust;
mod shapes;

pub use rust::Target;

use crate::model::{Endpoint, Spec, SpecFile};
use code::Code;
use rust::Paths;
use std::collections::BTreeMap;

/// The folder under `OUT_DIR` that `build.rs` writes the files to.
pub const OUT_SUBDIR: &str = "sitehost";

/// Generated files by relative path (`/`-separated), in a stable order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Output {
    /// The text of each file, by path relative to the output folder.
    pub files: BTreeMap<String, String>,
}

/// What the files are built from: the spec, whom they are for, and the
/// endpoints they hold (in an extension, only the user's own).
pub struct Emitter<'s> {
    /// The whole spec (an extension's with the `sitehost` crate's).
    pub spec: &'s Spec,
    /// Whom the files are for.
    pub target: Target,
    /// The endpoints the files define, sorted by path.
    pub endpoints: Vec<&'s Endpoint>,
    /// The areas (cargo features) each item is compiled with.
    pub(crate) areas: areas::Areas,
}

impl<'s> Emitter<'s> {
    /// The emitter of `spec`'s files for `target`.
    pub fn new(spec: &'s Spec, target: Target) -> Emitter<'s> {
        let endpoints = spec
            .endpoints
            .iter()
            .filter(|e| Emitter::owns(target, &e.file))
            .collect();
        let areas = match target {
            Target::Crate => areas::Areas::of(spec),
            Target::Extension => areas::Areas::ungated(),
        };
        Emitter {
            spec,
            target,
            endpoints,
            areas,
        }
    }

    fn owns(target: Target, file: &SpecFile) -> bool {
        target == Target::Crate || !file.upstream
    }

    /// Whether an item written in `file` is defined by these files.
    pub fn own(&self, file: &SpecFile) -> bool {
        Emitter::owns(self.target, file)
    }

    /// The path of shape `name` from a file with these paths.
    pub fn shape_path(&self, name: &str, paths: &Paths) -> String {
        let own = self.spec.shape(name).is_none_or(|s| self.own(&s.file));
        paths.item(&format!("shapes::{}", rust::type_ident(name)), own)
    }

    /// The path of shape `name` from `shapes.rs` itself: its own shapes
    /// by name, an extension's upstream ones by path.
    pub fn sibling_shape(&self, name: &str, paths: &Paths) -> String {
        let own = self.spec.shape(name).is_none_or(|s| self.own(&s.file));
        if own {
            rust::type_ident(name).to_string()
        } else {
            self.shape_path(name, paths)
        }
    }

    /// The path of enum `name` from a file with these paths.
    pub fn enum_path(&self, name: &str, paths: &Paths) -> String {
        let own = self
            .spec
            .enums
            .iter()
            .find(|e| e.name == name)
            .is_none_or(|e| self.own(&e.file));
        paths.item(&format!("enums::{}", rust::type_ident(name)), own)
    }
}

/// One generated file to build.
enum Artifact<'a> {
    /// An extension's module declarations.
    Root,
    Client,
    Api,
    Shapes,
    Enums,
    Resources,
    /// The request types of one module.
    Requests(&'a [String], &'a [&'a Endpoint]),
}

/// Builds every file of the `sitehost` crate, on as many threads as the
/// machine has (at most 8).
///
/// # Errors
///
/// A type or path the generator cannot write: its own mistake.
pub fn emit(spec: &Spec) -> Result<Output, String> {
    emit_with_threads(spec, threads())
}

/// Builds every file on `threads` threads. The output does not depend on
/// the number of threads.
///
/// # Errors
///
/// As [`emit`].
pub fn emit_with_threads(spec: &Spec, threads: usize) -> Result<Output, String> {
    emit_for(&Emitter::new(spec, Target::Crate), threads)
}

/// Builds the files of an extension: the endpoints, shapes and enums of the
/// user's spec files in `spec` (those not from the `sitehost` crate's own
/// spec), naming the `sitehost` crate for the runtime and for its own
/// shapes and enums. There are no `Client` methods (a crate cannot add them
/// to `sitehost::Client`): requests go through `Client::send`. The files
/// hang from `endpoints.rs`, which declares the modules `api`, `shapes` and
/// `enums` wherever the user includes it.
///
/// # Errors
///
/// As [`emit`].
pub fn emit_extension(spec: &Spec) -> Result<Output, String> {
    emit_for(&Emitter::new(spec, Target::Extension), threads())
}

fn threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get().min(8))
}

fn emit_for(emitter: &Emitter<'_>, threads: usize) -> Result<Output, String> {
    let tree = modules::Tree::build(&emitter.endpoints);
    // Largest first, so that threads finish together.
    let mut artifacts = match emitter.target {
        Target::Crate => vec![Artifact::Client],
        Target::Extension => vec![Artifact::Root],
    };
    artifacts.extend([Artifact::Shapes, Artifact::Api, Artifact::Enums]);
    if emitter.target == Target::Crate {
        artifacts.push(Artifact::Resources);
    }
    artifacts.extend(
        tree.leaves
            .iter()
            .map(|(module, endpoints)| Artifact::Requests(module, endpoints)),
    );
    let build = |artifact: &Artifact<'_>| build(emitter, &tree, artifact);
    let mut results = Vec::with_capacity(artifacts.len());
    if threads <= 1 || artifacts.len() < 2 {
        results.extend(artifacts.iter().map(build));
    } else {
        let next = std::sync::atomic::AtomicUsize::new(0);
        std::thread::scope(|scope| {
            let workers: Vec<_> = (0..threads)
                .map(|_| {
                    scope.spawn(|| {
                        let mut done = Vec::new();
                        loop {
                            let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                            let Some(artifact) = artifacts.get(i) else {
                                break;
                            };
                            done.push(build(artifact));
                        }
                        done
                    })
                })
                .collect();
            for worker in workers {
                match worker.join() {
                    Ok(done) => results.extend(done),
                    Err(_) => results.push(Err(
                        "internal error: a code generation thread panicked".to_owned(),
                    )),
                }
            }
        });
    }
    let mut output = Output::default();
    for result in results {
        let (path, text) = result?;
        output.files.insert(path, text);
    }
    Ok(output)
}

/// One file: its path and text.
fn build(
    emitter: &Emitter<'_>,
    tree: &modules::Tree<'_>,
    artifact: &Artifact<'_>,
) -> Result<(String, String), String> {
    let target = emitter.target;
    let endpoint_files = || emitter.endpoints.iter().map(|e| &e.file);
    let (path, sources, code) = match artifact {
        Artifact::Root => (
            "endpoints.rs".to_owned(),
            sources(endpoint_files()),
            modules::root(&Paths::new(target, 0)),
        ),
        Artifact::Client => (
            "client.rs".to_owned(),
            sources(endpoint_files()),
            client::file(emitter, &Paths::new(target, 0))?,
        ),
        Artifact::Api => (
            "api.rs".to_owned(),
            sources(endpoint_files()),
            modules::api(emitter, tree, &Paths::new(target, 1)),
        ),
        Artifact::Shapes => {
            let own: Vec<_> = emitter
                .spec
                .shapes
                .iter()
                .filter(|s| emitter.own(&s.file))
                .collect();
            (
                "shapes.rs".to_owned(),
                sources(own.iter().map(|s| &s.file)),
                shapes::file(emitter, &own, &Paths::new(target, 1))?,
            )
        }
        Artifact::Enums => {
            let own: Vec<_> = emitter
                .spec
                .enums
                .iter()
                .filter(|e| emitter.own(&e.file))
                .collect();
            (
                "enums.rs".to_owned(),
                sources(own.iter().map(|e| &e.file)),
                enums::file(emitter, &own, &Paths::new(target, 1)),
            )
        }
        Artifact::Resources => (
            "resources.rs".to_owned(),
            sources(emitter.spec.resources.iter().map(|r| &r.file)),
            resources::file(emitter, &Paths::new(target, 1)),
        ),
        Artifact::Requests(module, endpoints) => (
            format!("api/{}.rs", module.join("/")),
            sources(endpoints.iter().map(|e| &e.file)),
            requests::file(emitter, endpoints, &Paths::new(target, 1 + module.len()))?,
        ),
    };
    let mut text = header(&sources);
    let body = code.finish();
    if body.trim().is_empty() {
        // A file with nothing in it ends after its header's comment.
        text.pop();
    }
    text.push_str(&body);
    Ok((path, text))
}

/// The spec files, each once, sorted.
fn sources<'a>(files: impl Iterator<Item = &'a SpecFile>) -> Vec<&'a str> {
    let mut names: Vec<&str> = files.map(|f| f.relative.as_str()).collect();
    names.sort_unstable();
    names.dedup();
    names
}

/// The comment every generated file starts with.
fn header(sources: &[&str]) -> String {
    let mut code = Code::new();
    code.note("@generated by sitehost-codegen. Do not edit: change the spec and regenerate.");
    if !sources.is_empty() {
        let files: Vec<String> = sources.iter().map(|s| format!("spec/{s}")).collect();
        code.note(&format!("Spec: {}", files.join(", ")));
    }
    code.blank();
    code.finish() + "\n"
}
