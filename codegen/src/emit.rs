//! From the validated model to formatted Rust source files.
//!
//! Output files (paths relative to the output folder, mirrored by
//! `sdk/generated/`):
//! - `api.rs`: the module tree, one module per API path segment, and `ENDPOINTS`;
//! - `api/<segments>.rs`: the request types of the endpoints under one path;
//! - `shapes.rs`: the response shapes;
//! - `client.rs`: one `Client` method per endpoint.

use crate::model::{
    Endpoint, Example, Field, FieldType, JobType, ListEncoding, Method, ParamType, Shape, Spec,
};
use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote};
use std::collections::BTreeMap;

/// The name of the crate, as used in doc examples.
const CRATE: &str = "sitehost";
/// Where the real API lives; used in docs only.
const DOC_BASE_URL: &str = "https://api.sitehost.nz";
/// The folder under `OUT_DIR` that `build.rs` writes the files to.
pub const OUT_SUBDIR: &str = "sitehost";

/// Generated files by relative path (`/`-separated), in a stable order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Output {
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
    Client,
    Api,
    Shapes,
    Leaf(&'a [String], &'a [&'a Endpoint]),
}

/// Builds and formats every file on `threads` threads. The output does not
/// depend on the number of threads.
pub fn emit_with_threads(spec: &Spec, threads: usize) -> Result<Output, String> {
    let tree = ModuleTree::build(spec);
    let job_shapes: Vec<&str> = spec
        .endpoints
        .iter()
        .filter(|e| e.response.job.is_some())
        .filter_map(|e| e.response.shape.as_deref())
        .collect();
    // Largest first, so that threads finish together.
    let mut jobs = vec![FileJob::Client, FileJob::Api, FileJob::Shapes];
    jobs.extend(
        tree.leaves
            .iter()
            .map(|(module, endpoints)| FileJob::Leaf(module, endpoints)),
    );
    let run = |job: &FileJob<'_>| -> Result<(String, String), String> {
        let endpoint_sources = || spec.endpoints.iter().map(|e| e.source.as_str());
        let (path, header, (tokens, docs)) = match job {
            FileJob::Client => {
                let built = with_docs(|| {
                    let methods = spec.endpoints.iter().map(client_method);
                    quote! {
                        impl crate::Client {
                            #(#methods)*
                        }
                    }
                });
                (
                    "client.rs".to_owned(),
                    header_for(endpoint_sources()),
                    built,
                )
            }
            FileJob::Api => (
                "api.rs".to_owned(),
                header_for(endpoint_sources()),
                with_docs(|| api_root(spec, &tree)),
            ),
            FileJob::Shapes => {
                let built = with_docs(|| {
                    let shapes = spec
                        .shapes
                        .iter()
                        .map(|s| shape_type(s, job_shapes.contains(&s.name.as_str())));
                    quote!(#(#shapes)*)
                });
                (
                    "shapes.rs".to_owned(),
                    header_for(spec.shapes.iter().map(|s| s.source.as_str())),
                    built,
                )
            }
            FileJob::Leaf(module, endpoints) => {
                let built = with_docs(|| {
                    let items = endpoints.iter().map(|e| request_type(e));
                    quote!(#(#items)*)
                });
                (
                    format!("api/{}.rs", module.join("/")),
                    header_for(endpoints.iter().map(|e| e.source.as_str())),
                    built,
                )
            }
        };
        Ok((path, format(&header, tokens, &docs)?))
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
fn format(header: &str, tokens: TokenStream, docs: &[String]) -> Result<String, String> {
    let file: syn::File = syn::parse2(tokens)
        .map_err(|e| format!("internal error: generated code does not parse: {e}"))?;
    let code = prettyplease::unparse(&file);
    let mut text = String::with_capacity(
        header.len() + code.len() + docs.iter().map(String::len).sum::<usize>() * 2,
    );
    text.push_str(header);
    let mut used = vec![false; docs.len()];
    for line in code.lines() {
        let trimmed = line.trim_start();
        if let Some(index) = trimmed.strip_prefix(DOC_MARK) {
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
    if used.contains(&false) {
        return Err("internal error: a doc placeholder was lost".to_owned());
    }
    Ok(text)
}

/// How a doc placeholder prints: `///` then this mark and the doc's index.
const DOC_MARK: &str = "///\u{1}";

thread_local! {
    /// The docs of the file being built on this thread, by placeholder index.
    static DOCS: std::cell::RefCell<Vec<String>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Builds one file's items, collecting the docs their placeholders stand for.
fn with_docs(build: impl FnOnce() -> TokenStream) -> (TokenStream, Vec<String>) {
    DOCS.with(|docs| docs.borrow_mut().clear());
    let tokens = build();
    (
        tokens,
        DOCS.with(|docs| std::mem::take(&mut *docs.borrow_mut())),
    )
}

/// Endpoints grouped by module, and every module that must exist.
struct ModuleTree<'a> {
    /// Modules that hold request types, with their endpoints (sorted by path).
    leaves: BTreeMap<Vec<String>, Vec<&'a Endpoint>>,
}

impl<'a> ModuleTree<'a> {
    fn build(spec: &'a Spec) -> Self {
        let mut leaves: BTreeMap<Vec<String>, Vec<&Endpoint>> = BTreeMap::new();
        for e in &spec.endpoints {
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

fn api_root(spec: &Spec, tree: &ModuleTree<'_>) -> TokenStream {
    let body = module_body(&[], tree);
    let entries = spec.endpoints.iter().map(|e| {
        let ty = type_path(e);
        quote!(<#ty as crate::Request>::ENDPOINT)
    });
    let count = spec.endpoints.len();
    let doc = doc_lines(&[format!(
        "Every endpoint of the spec ({count}), sorted by path: what the fake API serves \
         and checks requests against."
    )]);
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
        items.extend(quote! {
            #doc
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
    let index = DOCS.with(|docs| {
        let mut docs = docs.borrow_mut();
        docs.push(lines.join("\n"));
        docs.len() - 1
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

fn url(e: &Endpoint) -> String {
    format!("{DOC_BASE_URL}/{}{}.json", e.version, e.path)
}

fn wire_name(name: &str, list: Option<ListEncoding>) -> String {
    match list {
        None => format!("`{name}`"),
        Some(ListEncoding::Indexed) => format!("`{name}[0]`, `{name}[1]`, …"),
        Some(ListEncoding::Brackets) => format!("`{name}[]`, `{name}[]`, …"),
    }
}

fn rust_param_type(ty: ParamType) -> TokenStream {
    match ty {
        ParamType::String => quote!(String),
        ParamType::Integer => quote!(i64),
        ParamType::Boolean => quote!(bool),
    }
}

fn example_literal(example: &Example) -> String {
    match example {
        Example::Text(s) => format!("{s:?}"),
        Example::Integer(n) => n.to_string(),
        Example::Boolean(b) => b.to_string(),
    }
}

fn placeholder(ty: ParamType) -> &'static str {
    match ty {
        ParamType::String => "\"…\"",
        ParamType::Integer => "0",
        ParamType::Boolean => "false",
    }
}

fn example_text(example: &[Example]) -> String {
    example
        .iter()
        .map(|e| match e {
            Example::Text(s) => format!("`{s}`"),
            Example::Integer(n) => format!("`{n}`"),
            Example::Boolean(b) => format!("`{b}`"),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn output_type(e: &Endpoint) -> TokenStream {
    match &e.response.shape {
        None => quote!(::serde_json::Value),
        Some(name) => {
            let name = type_ident(name);
            if e.response.list {
                quote!(Vec<crate::shapes::#name>)
            } else {
                quote!(crate::shapes::#name)
            }
        }
    }
}

fn output_doc(e: &Endpoint) -> String {
    match (&e.response.shape, e.response.list) {
        (None, _) => "the `return` value as JSON".to_owned(),
        (Some(s), false) => format!("[`{s}`](crate::shapes::{s})"),
        (Some(s), true) => format!("a list of [`{s}`](crate::shapes::{s})"),
    }
}

/// The doc example: build the request from the spec's examples and send it.
fn usage_example(e: &Endpoint) -> Vec<String> {
    let module: Vec<String> = e.module.iter().map(|m| ident_text(m)).collect();
    let ty = type_ident(&e.type_name).to_string();
    let mut call = format!("{ty}::new(");
    let required: Vec<String> = e
        .params
        .iter()
        .filter(|p| p.required)
        .map(|p| {
            let values: Vec<String> = if p.example.is_empty() {
                vec![placeholder(p.ty).to_owned()]
            } else {
                p.example.iter().map(example_literal).collect()
            };
            if p.list.is_some() {
                format!("[{}]", values.join(", "))
            } else {
                values[0].clone()
            }
        })
        .collect();
    call.push_str(&required.join(", "));
    call.push(')');
    for p in e
        .params
        .iter()
        .filter(|p| !p.required && !p.example.is_empty())
    {
        let values: Vec<String> = p.example.iter().map(example_literal).collect();
        let arg = if p.list.is_some() {
            format!("[{}]", values.join(", "))
        } else {
            values[0].clone()
        };
        call.push_str(&format!("\n    .{}({arg})", ident_text(&p.field)));
    }

    let method = ident_text(&e.method_name);
    let mut lines = vec![
        "```no_run".to_owned(),
        format!("# async fn example(client: &{CRATE}::Client) -> Result<(), {CRATE}::Error> {{"),
        format!("use {CRATE}::api::{}{ty};", module_prefix(&module)),
        String::new(),
        format!("let request = {call};"),
    ];
    if e.response.job.is_some() {
        lines.push(format!("let job = client.{method}(&request).await?;"));
        lines.push("let finished = client.wait_for_job(&job).await?;".to_owned());
        lines.push("println!(\"{}\", finished.state);".to_owned());
    } else {
        lines.push(format!("let response = client.{method}(&request).await?;"));
        lines.push("println!(\"{response:?}\");".to_owned());
    }
    lines.push("# Ok(())".to_owned());
    lines.push("# }".to_owned());
    lines.push("```".to_owned());
    lines
}

fn module_prefix(module: &[String]) -> String {
    module.iter().map(|m| format!("{m}::")).collect()
}

fn request_type(e: &Endpoint) -> TokenStream {
    let name = type_ident(&e.type_name);
    let method_name = ident_text(&e.method_name);

    // The type's documentation.
    let mut doc = vec![prose(&e.summary), String::new()];
    if let Some(description) = &e.description {
        doc.push(prose(description));
        doc.push(String::new());
    }
    doc.push(format!("`{} {}`", e.method.as_str(), url(e)));
    doc.push(String::new());
    doc.push(format!(
        "Send it with [`Client::{method_name}`](crate::Client::{method_name}) or \
         [`Client::send`](crate::Client::send)."
    ));
    if let Some(job) = e.response.job {
        doc.push(format!(
            "The API does the work in a `{}` job: the call returns a [`Job`](crate::Job) to \
             wait on with [`Client::wait_for_job`](crate::Client::wait_for_job).",
            job.as_str()
        ));
    } else {
        doc.push(format!("The call returns {}.", output_doc(e)));
    }
    doc.push(String::new());
    doc.push("# Parameters".to_owned());
    doc.push(String::new());
    if e.params.is_empty() {
        doc.push("None besides `apikey`, which the client sends.".to_owned());
    } else {
        doc.push(format!(
            "Sent in this order, after `apikey`, as {}:",
            match e.method {
                Method::Get => "a query string",
                Method::Post => "a form body",
            }
        ));
        doc.push(String::new());
        doc.push("| Parameter | Type | Required | Description |".to_owned());
        doc.push("|---|---|---|---|".to_owned());
        for p in &e.params {
            let ty = match p.list {
                Some(_) => format!("list of {}", p.ty.as_str()),
                None => p.ty.as_str().to_owned(),
            };
            let mut description = prose(&p.description);
            if !p.example.is_empty() {
                description.push_str(&format!(" Example: {}", example_text(&p.example)));
            }
            doc.push(format!(
                "| {} | {ty} | {} | {description} |",
                wire_name(&p.name, p.list),
                if p.required { "yes" } else { "no" },
            ));
        }
    }
    doc.push(String::new());
    doc.push("# Response".to_owned());
    doc.push(String::new());
    doc.push("```json".to_owned());
    doc.extend(e.response.example.lines().map(str::to_owned));
    doc.push("```".to_owned());
    doc.push(String::new());
    doc.push("# Example".to_owned());
    doc.push(String::new());
    doc.extend(usage_example(e));
    let doc = doc_lines(&doc);

    // Fields.
    let fields = e.params.iter().map(|p| {
        let field = ident(&p.field);
        let base = rust_param_type(p.ty);
        let ty = match (p.list, p.required) {
            (Some(_), _) => quote!(Vec<#base>),
            (None, true) => base,
            (None, false) => quote!(Option<#base>),
        };
        let mut text = prose(&p.description);
        text.push_str(&format!(
            "\n\nSent as {}{}.",
            wire_name(&p.name, p.list),
            if p.required { "" } else { "; optional" }
        ));
        let doc = doc_lines(&[text]);
        quote! {
            #doc
            pub #field: #ty,
        }
    });

    // The constructor takes the required parameters, in wire order.
    let required: Vec<_> = e.params.iter().filter(|p| p.required).collect();
    let args = required.iter().map(|p| {
        let field = ident(&p.field);
        match (p.list, p.ty) {
            (Some(_), ty) => {
                let item = rust_param_type(ty);
                if ty == ParamType::String {
                    quote!(#field: impl IntoIterator<Item = impl Into<#item>>)
                } else {
                    quote!(#field: impl IntoIterator<Item = #item>)
                }
            }
            (None, ParamType::String) => quote!(#field: impl Into<String>),
            (None, ty) => {
                let ty = rust_param_type(ty);
                quote!(#field: #ty)
            }
        }
    });
    let inits = e.params.iter().map(|p| {
        let field = ident(&p.field);
        match (p.list, p.required, p.ty) {
            (Some(_), true, ParamType::String) => {
                quote!(#field: #field.into_iter().map(Into::into).collect())
            }
            (Some(_), true, _) => quote!(#field: #field.into_iter().collect()),
            (None, true, ParamType::String) => quote!(#field: #field.into()),
            (None, true, _) => quote!(#field),
            (Some(_), false, _) => quote!(#field: Vec::new()),
            (None, false, _) => quote!(#field: None),
        }
    });
    let new_doc = if required.is_empty() {
        doc_lines(&["Creates the request; set optional parameters with the setters.".to_owned()])
    } else {
        let names: Vec<String> = required.iter().map(|p| format!("`{}`", p.name)).collect();
        doc_lines(&[format!(
            "Creates the request from its required parameters ({}), in the order the API \
             lists them.",
            names.join(", ")
        )])
    };

    // Setters for the optional parameters.
    let setters = e.params.iter().filter(|p| !p.required).map(|p| {
        let field = ident(&p.field);
        let doc = doc_lines(&[format!("Sets `{}`: {}", p.name, prose(&p.description))]);
        let item = rust_param_type(p.ty);
        match (p.list, p.ty) {
            (Some(_), ParamType::String) => quote! {
                #doc
                #[must_use]
                pub fn #field(mut self, #field: impl IntoIterator<Item = impl Into<String>>) -> Self {
                    self.#field = #field.into_iter().map(Into::into).collect();
                    self
                }
            },
            (Some(_), _) => quote! {
                #doc
                #[must_use]
                pub fn #field(mut self, #field: impl IntoIterator<Item = #item>) -> Self {
                    self.#field = #field.into_iter().collect();
                    self
                }
            },
            (None, ParamType::String) => quote! {
                #doc
                #[must_use]
                pub fn #field(mut self, #field: impl Into<String>) -> Self {
                    self.#field = Some(#field.into());
                    self
                }
            },
            (None, _) => quote! {
                #doc
                #[must_use]
                pub fn #field(mut self, #field: #item) -> Self {
                    self.#field = Some(#field);
                    self
                }
            },
        }
    });

    // The Request implementation: metadata and ordered encoding.
    let method = match e.method {
        Method::Get => quote!(crate::Method::Get),
        Method::Post => quote!(crate::Method::Post),
    };
    let version = &e.version;
    let path = &e.path;
    let example = raw_string(&e.response.example);
    let job = match e.response.job {
        None => quote!(None),
        Some(job) => {
            let job = job_type(job);
            quote!(Some(#job))
        }
    };
    let params_meta = e.params.iter().map(|p| {
        let name = &p.name;
        let kind = match p.ty {
            ParamType::String => quote!(crate::ParamKind::String),
            ParamType::Integer => quote!(crate::ParamKind::Integer),
            ParamType::Boolean => quote!(crate::ParamKind::Boolean),
        };
        let constructor = if p.required {
            quote!(required)
        } else {
            quote!(optional)
        };
        let list = p.list.map(|encoding| {
            let encoding = list_encoding(encoding);
            quote!(.list(#encoding))
        });
        quote!(crate::Param::#constructor(#name, #kind) #list)
    });
    let encode = e.params.iter().map(|p| {
        let field = ident(&p.field);
        let name = &p.name;
        match (p.list, p.required) {
            (Some(encoding), required) => {
                let encoding = list_encoding(encoding);
                quote!(form.list(#name, #encoding, #required, &self.#field);)
            }
            (None, true) => quote!(form.required(#name, &self.#field);),
            (None, false) => quote!(form.optional(#name, self.#field.as_ref());),
        }
    });
    let output = output_type(e);
    let form_arg = if e.params.is_empty() {
        quote!(_form)
    } else {
        quote!(form)
    };
    let starts_job = e.response.job.map(|job| {
        let job = job_type(job);
        quote! {
            impl crate::StartsJob for #name {
                const JOB_TYPE: crate::JobType = #job;
            }
        }
    });

    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, Eq)]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
        }

        impl #name {
            #new_doc
            pub fn new(#(#args),*) -> Self {
                Self { #(#inits),* }
            }

            #(#setters)*
        }

        impl crate::Request for #name {
            type Output = #output;

            const ENDPOINT: &'static crate::Endpoint = &crate::Endpoint {
                method: #method,
                version: #version,
                path: #path,
                params: &[#(#params_meta),*],
                job: #job,
                example: #example,
            };

            fn encode(&self, #form_arg: &mut crate::Form<'_>) {
                #(#encode)*
            }
        }

        #starts_job
    }
}

/// A raw string literal (`r#"..."#`), which keeps JSON readable.
fn raw_string(text: &str) -> proc_macro2::Literal {
    let mut hashes = String::from("#");
    while text.contains(&format!("\"{hashes}")) {
        hashes.push('#');
    }
    format!("r{hashes}\"{text}\"{hashes}")
        .parse()
        .unwrap_or_else(|_| proc_macro2::Literal::string(text))
}

fn job_type(job: JobType) -> TokenStream {
    match job {
        JobType::Daemon => quote!(crate::JobType::Daemon),
        JobType::Scheduler => quote!(crate::JobType::Scheduler),
    }
}

fn list_encoding(encoding: ListEncoding) -> TokenStream {
    match encoding {
        ListEncoding::Indexed => quote!(crate::ListEncoding::Indexed),
        ListEncoding::Brackets => quote!(crate::ListEncoding::Brackets),
    }
}

fn client_method(e: &Endpoint) -> TokenStream {
    let method = ident(&e.method_name);
    let ty = type_path(e);
    let type_link = format!(
        "crate::api::{}{}",
        module_prefix(&e.module.iter().map(|m| ident_text(m)).collect::<Vec<_>>()),
        type_ident(&e.type_name)
    );
    let mut doc = vec![
        prose(&e.summary),
        String::new(),
        format!(
            "`{} /{}{}.json`, with the parameters of [`{}`]({type_link}).",
            e.method.as_str(),
            e.version,
            e.path,
            type_ident(&e.type_name)
        ),
    ];
    let body;
    let output;
    if let Some(job) = e.response.job {
        doc.push(format!(
            "Returns the `{}` [`Job`](crate::Job) the API started; wait for it with \
             [`Client::wait_for_job`](crate::Client::wait_for_job).",
            job.as_str()
        ));
        output = quote!(crate::Job);
        body = quote!(self.start(request));
    } else {
        doc.push(format!("Returns {}.", output_doc(e)));
        output = output_type(e);
        body = quote!(self.send(request));
    }
    doc.push(String::new());
    doc.push(
        "An `async` call: `.await` the returned future. It sends nothing until awaited.".to_owned(),
    );
    doc.push(String::new());
    doc.push("# Errors".to_owned());
    doc.push(String::new());
    doc.push(
        "Any [`Error`](crate::Error): the API's refusal (`status: false`), a response that \
         does not decode, a timeout or a transport failure."
            .to_owned(),
    );
    let doc = doc_lines(&doc);
    quote! {
        #doc
        pub fn #method(
            &self,
            request: &#ty,
        ) -> impl ::std::future::Future<Output = Result<#output, crate::Error>> + Send {
            #body
        }
    }
}

fn shape_type(shape: &Shape, names_job: bool) -> TokenStream {
    let name = type_ident(&shape.name);
    let doc = doc_lines(&[prose(&shape.description)]);
    let fields = shape.fields.iter().map(|field| {
        let ident = ident(&field.field);
        let ty = field_type(field);
        let mut text = prose(&field.description);
        if field.optional {
            text.push_str(if field.list {
                "\n\nEmpty when the API leaves it out."
            } else {
                "\n\n`None` when the API leaves it out or sends null."
            });
        }
        let doc = doc_lines(&[text]);
        quote! {
            #doc
            pub #ident: #ty,
        }
    });
    // Each field read by its JSON key with the loose rules of `crate::loose`.
    let reads = shape.fields.iter().map(|field| {
        let ident = ident(&field.field);
        let key = &field.name;
        let wire = match &field.ty {
            FieldType::String => quote!(crate::loose::Text),
            FieldType::Integer => quote!(crate::loose::Integer),
            FieldType::Boolean => quote!(crate::loose::Boolean),
            FieldType::Number => quote!(crate::loose::Number),
            FieldType::Shape(s) => {
                let s = type_ident(s);
                quote!(crate::loose::Nested<crate::shapes::#s>)
            }
        };
        let read = match (field.list, field.optional) {
            (false, false) => quote!(required),
            (false, true) => quote!(optional),
            (true, false) => quote!(list),
            (true, true) => quote!(optional_list),
        };
        quote!(#ident: object.#read::<#wire>(#key)?,)
    });
    // Validation made sure a job-naming shape has a required integer `job_id`.
    let reference = names_job.then(|| {
        quote! {
            impl crate::JobReference for #name {
                fn job_id(&self) -> i64 {
                    self.job_id
                }
            }
        }
    });
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let mut object = crate::loose::Object::read(deserializer)?;
                Ok(Self { #(#reads)* })
            }
        }

        #reference
    }
}

fn field_type(field: &Field) -> TokenStream {
    let base = match &field.ty {
        FieldType::String => quote!(String),
        FieldType::Integer => quote!(i64),
        FieldType::Boolean => quote!(bool),
        FieldType::Number => quote!(f64),
        FieldType::Shape(s) => {
            let s = type_ident(s);
            quote!(crate::shapes::#s)
        }
    };
    match (field.list, field.optional) {
        (true, _) => quote!(Vec<#base>),
        (false, false) => base,
        (false, true) => quote!(Option<#base>),
    }
}
