//! From the validated model to formatted Rust source files.
//!
//! Output files (paths relative to the output folder, mirrored by
//! `types/generated/`):
//! - `api.rs`: the module tree, one module per API path segment, and `ENDPOINTS`;
//! - `api/<segments>.rs`: the request types of the endpoints under one path;
//! - `shapes.rs`: the response shapes;
//! - `enums.rs`: the closed sets of parameter values;
//! - `resources.rs`: the resources endpoints create, list, change and delete;
//! - `client.rs`: the job endpoint, and a macro with one `Client` method per
//!   endpoint, which the `sitehost` crate expands.
//!
//! Submodules by what they emit: `requests` (with `params` for fields,
//! setters, encoding and groups, and `docs` for their documentation),
//! `shapes` (shapes and enums) and `client`.

mod client;
mod commands;
mod docs;
mod extension;
mod params;
mod requests;
mod resources;
mod shapes;

use crate::model::{Endpoint, Spec};

pub use commands::commands_file;
use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote};
use std::collections::BTreeMap;

/// The name of the crate, as used in doc examples.
const CRATE: &str = "sitehost";
/// Where the real API lives; used in docs only.
const DOC_BASE_URL: &str = "https://api.sitehost.nz";
/// On the functions of request types that are not generic (encoding, setters
/// of plain values): compiled where they are called, not in every build of
/// the crate for every endpoint, which no program calls all of.
const INLINE: &str = "#[inline]";
/// The folder under `OUT_DIR` that `build.rs` writes the files to.
pub const OUT_SUBDIR: &str = "sitehost";

/// Generated files by relative path (`/`-separated), in a stable order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Output {
    /// The text of each file, by path relative to the output folder.
    pub files: BTreeMap<String, String>,
}

/// Builds and formats every file, on as many threads as the machine has
/// (at most 8).
pub fn emit(spec: &Spec) -> Result<Output, String> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(8));
    emit_with_threads(spec, threads)
}

/// One generated file to build.
enum FileJob<'a> {
    /// An extension's module declarations.
    Root,
    Client,
    Api,
    Shapes,
    Enums,
    Resources,
    Leaf(&'a [String], &'a [&'a Endpoint]),
}

/// Builds and formats every file on `threads` threads. The output does not
/// depend on the number of threads.
pub fn emit_with_threads(spec: &Spec, threads: usize) -> Result<Output, String> {
    emit_for(spec, threads, Target::Crate)
}

/// Builds the files of an extension: the endpoints, shapes and enums of the
/// user's spec files in `spec` (those not from the `sitehost` crate's own
/// spec), referring to the `sitehost` crate for the runtime and for its own
/// shapes and enums. There are no `Client` methods (a crate cannot add them
/// to `sitehost::Client`): requests go through `Client::send`. The files
/// hang from `endpoints.rs`, which declares the modules `api`, `shapes` and
/// `enums` wherever the user includes it.
pub fn emit_extension(spec: &Spec) -> Result<Output, String> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(8));
    emit_for(spec, threads, Target::Extension)
}

/// What the files are generated for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    /// The `sitehost` crate itself.
    Crate,
    /// A user's crate, on top of the `sitehost` crate.
    Extension,
}

thread_local! {
    /// The target of the file being built on this thread.
    static TARGET: std::cell::Cell<Target> = const { std::cell::Cell::new(Target::Crate) };
}

/// Whether the file being built is for an extension crate.
fn for_extension() -> bool {
    TARGET.with(|t| t.get() == Target::Extension)
}

fn emit_for(spec: &Spec, threads: usize, target: Target) -> Result<Output, String> {
    let own = |file: &crate::model::SpecFile| target == Target::Crate || !file.upstream;
    let endpoints: Vec<&Endpoint> = spec.endpoints.iter().filter(|e| own(&e.file)).collect();
    let tree = ModuleTree::build(&endpoints);
    // Largest first, so that threads finish together.
    let mut jobs = match target {
        Target::Crate => vec![FileJob::Client],
        Target::Extension => vec![FileJob::Root],
    };
    jobs.extend([FileJob::Api, FileJob::Shapes, FileJob::Enums]);
    if target == Target::Crate {
        jobs.push(FileJob::Resources);
    }
    jobs.extend(
        tree.leaves
            .iter()
            .map(|(module, endpoints)| FileJob::Leaf(module, endpoints)),
    );
    let run = |job: &FileJob<'_>| -> Result<(String, String), String> {
        TARGET.with(|t| t.set(target));
        let endpoint_sources = || endpoints.iter().map(|e| e.file.relative.as_str());
        let (path, header, (tokens, docs)) = match job {
            FileJob::Root => (
                "endpoints.rs".to_owned(),
                header_for(endpoint_sources()),
                with_docs(extension::root),
            ),
            FileJob::Client => {
                let (methods, built) = with_docs(|| client::methods(spec));
                let methods = format("", methods, &built)?;
                (
                    "client.rs".to_owned(),
                    header_for(endpoint_sources()),
                    with_docs(|| client::client_file(spec, &methods)),
                )
            }
            FileJob::Api => (
                "api.rs".to_owned(),
                header_for(endpoint_sources()),
                with_docs(|| api_root(&endpoints, &tree)),
            ),
            FileJob::Shapes => {
                let own_shapes = || spec.shapes.iter().filter(|s| own(&s.file));
                let built = with_docs(|| {
                    let shapes = own_shapes().map(|s| shapes::shape_type(s, spec));
                    quote!(#(#shapes)*)
                });
                (
                    "shapes.rs".to_owned(),
                    header_for(own_shapes().map(|s| s.file.relative.as_str())),
                    built,
                )
            }
            FileJob::Enums => {
                let own_enums = || spec.enums.iter().filter(|e| own(&e.file));
                let built = with_docs(|| {
                    let enums = own_enums().map(shapes::enum_type);
                    quote!(#(#enums)*)
                });
                (
                    "enums.rs".to_owned(),
                    header_for(own_enums().map(|e| e.file.relative.as_str())),
                    built,
                )
            }
            FileJob::Resources => (
                "resources.rs".to_owned(),
                header_for(spec.resources.iter().map(|r| r.file.relative.as_str())),
                with_docs(|| resources::resources_file(spec)),
            ),
            FileJob::Leaf(module, endpoints) => {
                let built = with_docs(|| {
                    let items = endpoints.iter().map(|e| requests::request_type(e, spec));
                    quote!(#(#items)*)
                });
                (
                    format!("api/{}.rs", module.join("/")),
                    header_for(endpoints.iter().map(|e| e.file.relative.as_str())),
                    built,
                )
            }
        };
        let text = format(&header, tokens, &docs)?;
        let text = match target {
            Target::Crate => text,
            Target::Extension => {
                let depth = match job {
                    FileJob::Root => 0,
                    FileJob::Leaf(module, _) => 1 + module.len(),
                    _ => 1,
                };
                extension::rewrite_paths(&text, depth, spec, &own)
            }
        };
        Ok((path, text))
    };

    let mut results = Vec::with_capacity(jobs.len());
    if threads <= 1 || jobs.len() < 2 {
        for job in &jobs {
            results.push(run(job));
        }
    } else {
        let next = std::sync::atomic::AtomicUsize::new(0);
        std::thread::scope(|scope| {
            let workers: Vec<_> = (0..threads)
                .map(|_| {
                    scope.spawn(|| {
                        let mut done = Vec::new();
                        loop {
                            let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                            let Some(job) = jobs.get(i) else { break };
                            done.push(run(job));
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

fn header_for<'a>(sources: impl Iterator<Item = &'a str>) -> String {
    let mut sources: Vec<&str> = sources.collect();
    sources.sort_unstable();
    sources.dedup();
    let mut text = String::from(
        "// @generated by sitehost-codegen. Do not edit: change the spec and regenerate.\n",
    );
    if !sources.is_empty() {
        text.push_str("// Spec: ");
        for (i, s) in sources.iter().enumerate() {
            if i > 0 {
                text.push_str(", ");
            }
            text.push_str("spec/");
            text.push_str(s);
        }
        text.push('\n');
    }
    text.push('\n');
    text
}

/// Parses and prints the items with prettyplease, then puts the doc
/// comments in place of their placeholders, at the placeholders' indentation.
/// (Docs are half of the output; keeping them out of syn's parse halves its
/// cost.)
fn format(header: &str, tokens: TokenStream, built: &Built) -> Result<String, String> {
    let docs = &built.docs;
    let verbatim = &built.verbatim;
    let file: syn::File = syn::parse2(tokens)
        .map_err(|e| format!("internal error: generated code does not parse: {e}"))?;
    let code = prettyplease::unparse(&file);
    let mut text = String::with_capacity(
        header.len()
            + code.len()
            + docs.iter().map(String::len).sum::<usize>() * 2
            + verbatim.iter().map(String::len).sum::<usize>() * 2,
    );
    text.push_str(header);
    let mut used = vec![false; docs.len()];
    let mut placed = vec![false; verbatim.len()];
    for line in code.lines() {
        let trimmed = line.trim_start();
        if let Some(index) = trimmed
            .strip_prefix(VERBATIM_MARK)
            .and_then(|rest| rest.strip_suffix(");"))
        {
            let index = index
                .parse::<usize>()
                .ok()
                .filter(|&i| i < verbatim.len() && !placed[i]);
            let Some(index) = index else {
                return Err(format!("internal error: bad item placeholder {trimmed:?}"));
            };
            placed[index] = true;
            let indent = &line[..line.len() - trimmed.len()];
            for item in verbatim[index].lines() {
                if !item.is_empty() {
                    text.push_str(indent);
                    text.push_str(item);
                }
                text.push('\n');
            }
        } else if let Some(index) = trimmed.strip_prefix(DOC_MARK) {
            let index = index
                .parse::<usize>()
                .ok()
                .filter(|&i| i < docs.len() && !used[i]);
            let Some(index) = index else {
                return Err(format!("internal error: bad doc placeholder {trimmed:?}"));
            };
            used[index] = true;
            let indent = &line[..line.len() - trimmed.len()];
            for doc in docs[index].split('\n') {
                text.push_str(indent);
                text.push_str("///");
                if !doc.is_empty() {
                    text.push(' ');
                    text.push_str(doc);
                }
                text.push('\n');
            }
        } else {
            text.push_str(line);
            text.push('\n');
        }
    }
    if used.contains(&false) || placed.contains(&false) {
        return Err("internal error: a placeholder was lost".to_owned());
    }
    Ok(text)
}

/// How a doc placeholder prints: `///` then this mark and the doc's index.
const DOC_MARK: &str = "///\u{1}";

/// How an item placeholder prints: this macro call with the item's index.
const VERBATIM_MARK: &str = "__sitehost_item!(";

thread_local! {
    /// The docs and verbatim items of the file being built on this thread,
    /// by placeholder index.
    static BUILT: std::cell::RefCell<Built> = const {
        std::cell::RefCell::new(Built { docs: Vec::new(), verbatim: Vec::new() })
    };
}

/// What a file's placeholders stand for.
#[derive(Default)]
struct Built {
    docs: Vec<String>,
    /// Items written as formatted text (formulaic code: endpoint metadata and
    /// encoding), which need no parsing and formatting by syn.
    verbatim: Vec<String>,
}

/// Builds one file's items, collecting what their placeholders stand for.
fn with_docs(build: impl FnOnce() -> TokenStream) -> (TokenStream, Built) {
    BUILT.with(|built| *built.borrow_mut() = Built::default());
    let tokens = build();
    (
        tokens,
        BUILT.with(|built| std::mem::take(&mut *built.borrow_mut())),
    )
}

/// An item given as formatted text (at indentation zero, four spaces a
/// level), as a placeholder that [`format`] replaces.
fn verbatim(text: String) -> TokenStream {
    let index = BUILT.with(|built| {
        let mut built = built.borrow_mut();
        built.verbatim.push(text);
        built.verbatim.len() - 1
    });
    let index = proc_macro2::Literal::usize_unsuffixed(index);
    quote!(__sitehost_item!(#index);)
}

/// Endpoints grouped by module, and every module that must exist.
struct ModuleTree<'a> {
    /// Modules that hold request types, with their endpoints (sorted by path).
    leaves: BTreeMap<Vec<String>, Vec<&'a Endpoint>>,
}

impl<'a> ModuleTree<'a> {
    fn build(endpoints: &[&'a Endpoint]) -> Self {
        let mut leaves: BTreeMap<Vec<String>, Vec<&Endpoint>> = BTreeMap::new();
        for &e in endpoints {
            leaves.entry(e.module.clone()).or_default().push(e);
        }
        ModuleTree { leaves }
    }

    /// The direct children of `module`.
    fn children(&self, module: &[String]) -> Vec<String> {
        let mut out: Vec<String> = self
            .leaves
            .keys()
            .filter(|m| m.len() > module.len() && m.starts_with(module))
            .map(|m| m[module.len()].clone())
            .collect();
        out.dedup();
        out
    }
}

fn api_root(endpoints: &[&Endpoint], tree: &ModuleTree<'_>) -> TokenStream {
    let body = module_body(&[], tree);
    let entries = endpoints.iter().map(|e| {
        let ty = type_path(e);
        quote!(<#ty as crate::Request>::ENDPOINT)
    });
    let count = endpoints.len();
    let doc = doc_lines(&[if for_extension() {
        format!(
            "Every endpoint of this crate's spec ({count}), sorted by path: give them to \
             `sitehost::fake::FakeApiBuilder::extra_endpoints` for the fake API to serve."
        )
    } else {
        format!(
            "Every endpoint of the spec ({count}), sorted by path: what the fake API serves \
             and checks requests against."
        )
    }]);
    quote! {
        #body
        #doc
        pub const ENDPOINTS: &[&crate::Endpoint] = &[#(#entries),*];
    }
}

fn module_body(module: &[String], tree: &ModuleTree<'_>) -> TokenStream {
    let mut items = TokenStream::new();
    if tree.leaves.contains_key(module) {
        let file = format!("/{OUT_SUBDIR}/api/{}.rs", module.join("/"));
        items.extend(quote!(include!(concat!(env!("OUT_DIR"), #file));));
    }
    for child in tree.children(module) {
        let mut path = module.to_vec();
        path.push(child.clone());
        let name = ident(&child);
        let body = module_body(&path, tree);
        let api_path = format!("/{}", path.join("/"));
        let doc = doc_lines(&[format!("Endpoints under `{api_path}`.")]);
        // The API's own names, as its paths have them: `/api/get_info` is in
        // `api::api`, `/server/server/…` would be in `server::server`.
        let parent = module.last().map_or("api", String::as_str);
        let inception =
            (child.as_str() == parent).then(|| quote!(#[allow(clippy::module_inception)]));
        items.extend(quote! {
            #doc
            #inception
            pub mod #name {
                #body
            }
        });
    }
    items
}

fn type_path(e: &Endpoint) -> TokenStream {
    let module = e.module.iter().map(|m| ident(m));
    let name = type_ident(&e.type_name);
    quote!(crate::api:: #(#module::)* #name)
}

fn type_ident(name: &str) -> Ident {
    if name == "Self" {
        format_ident!("Self_")
    } else {
        Ident::new(name, Span::call_site())
    }
}

/// A Rust identifier for a snake-case name, escaping keywords.
pub fn ident(name: &str) -> Ident {
    match name {
        "crate" | "self" | "super" | "Self" | "_" => format_ident!("{}_", name),
        _ if is_keyword(name) => Ident::new_raw(name, Span::call_site()),
        _ => Ident::new(name, Span::call_site()),
    }
}

/// The identifier as a person writes it in code (`r#type`).
fn ident_text(name: &str) -> String {
    ident(name).to_string()
}

fn is_keyword(name: &str) -> bool {
    matches!(
        name,
        "as" | "break"
            | "const"
            | "continue"
            | "else"
            | "enum"
            | "extern"
            | "false"
            | "fn"
            | "for"
            | "if"
            | "impl"
            | "in"
            | "let"
            | "loop"
            | "match"
            | "mod"
            | "move"
            | "mut"
            | "pub"
            | "ref"
            | "return"
            | "static"
            | "struct"
            | "trait"
            | "true"
            | "type"
            | "unsafe"
            | "use"
            | "where"
            | "while"
            | "async"
            | "await"
            | "dyn"
            | "abstract"
            | "become"
            | "box"
            | "do"
            | "final"
            | "macro"
            | "override"
            | "priv"
            | "typeof"
            | "unsized"
            | "virtual"
            | "yield"
            | "try"
            | "gen"
    )
}

/// A doc comment of the given lines (each may hold several), as a
/// placeholder attribute that [`format`] replaces.
fn doc_lines(lines: &[String]) -> TokenStream {
    let index = BUILT.with(|built| {
        let mut built = built.borrow_mut();
        built.docs.push(lines.join("\n"));
        built.docs.len() - 1
    });
    let mark = format!("\u{1}{index}");
    quote!(#[doc = #mark])
}

/// Escapes prose from the spec for Markdown: brackets would read as links,
/// pipes would break tables, angle brackets would read as HTML.
fn prose(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '[' | ']' | '|' | '<' | '>' | '*' => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

fn module_prefix(module: &[String]) -> String {
    module.iter().map(|m| format!("{m}::")).collect()
}

/// The type of `return`: what the client method gives back.
fn output_type(e: &Endpoint) -> TokenStream {
    output_type_text(e)
        .parse()
        .unwrap_or_else(|_| quote!(::serde_json::Value))
}

/// The type of `return`, as Rust text.
fn output_type_text(e: &Endpoint) -> String {
    let r = &e.response;
    if r.empty {
        return "()".to_owned();
    }
    match &r.shape {
        None if r.paging.is_some() => "crate::Page<::serde_json::Value>".to_owned(),
        None => "::serde_json::Value".to_owned(),
        Some(name) => {
            let name = type_ident(name);
            if r.paging.is_some() {
                format!("crate::Page<crate::shapes::{name}>")
            } else if r.map {
                format!("crate::KeyedMap<crate::shapes::{name}>")
            } else if r.list {
                format!("Vec<crate::shapes::{name}>")
            } else {
                format!("crate::shapes::{name}")
            }
        }
    }
}

/// A raw string literal (`r#"..."#`), which keeps JSON readable.
fn raw_string(text: &str) -> String {
    let mut hashes = String::from("#");
    while text.contains(&format!("\"{hashes}")) {
        hashes.push('#');
    }
    format!("r{hashes}\"{text}\"{hashes}")
}
