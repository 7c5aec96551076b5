//! What only an extension's files have: the root file that declares their
//! modules, and paths rewritten to name the `sitehost` crate.
//!
//! The emitters write every path from the `sitehost` crate's point of view
//! (`crate::Request`, `crate::shapes::Server`). In an extension, the
//! runtime and the crate's own shapes and enums are `::sitehost::...`, and
//! the extension's own items are reached relative to the file's module
//! (`super::super::shapes::Record`), so the user may include the files in
//! any module.

use super::{OUT_SUBDIR, doc_lines};
use crate::model::Spec;
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::HashSet;

/// `endpoints.rs`: the modules `api`, `shapes` and `enums`.
pub(super) fn root() -> TokenStream {
    let modules = [
        (
            "api",
            "Request types, one per endpoint of this crate's spec, in modules that mirror the \
             API paths. Send them with [`Client::send`](sitehost::Client::send).",
        ),
        (
            "shapes",
            "The shapes of what this crate's endpoints return.",
        ),
        (
            "enums",
            "The closed sets of values this crate's parameters take.",
        ),
    ];
    let items = modules.iter().map(|(name, doc)| {
        let ident = super::ident(name);
        let file = format!("/{OUT_SUBDIR}/{name}.rs");
        let doc = doc_lines(&[(*doc).to_owned()]);
        quote! {
            #doc
            pub mod #ident {
                include!(concat!(env!("OUT_DIR"), #file));
            }
        }
    });
    quote!(#(#items)*)
}

/// Rewrites the `crate::` paths of a file whose module is `depth` levels
/// below the folder's root module (`endpoints.rs`).
pub(super) fn rewrite_paths(
    text: &str,
    depth: usize,
    spec: &Spec,
    own: &dyn Fn(&crate::model::SpecFile) -> bool,
) -> String {
    let own_shapes = own_names(spec.shapes.iter().map(|s| (&*s.name, &s.file)), own);
    let own_enums = own_names(spec.enums.iter().map(|e| (&*e.name, &e.file)), own);
    let local = if depth == 0 {
        "self::".to_owned()
    } else {
        "super::".repeat(depth)
    };
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for line in text.split_inclusive('\n') {
        let doc = line.trim_start().starts_with("//");
        // Doc links name the crate as a person would (`sitehost::Client`);
        // code names it from the root (`::sitehost::Client`).
        let runtime = if doc { "sitehost::" } else { "::sitehost::" };
        let mut rest = line;
        while let Some(i) = rest.find("crate::") {
            let before = rest[..i].chars().next_back();
            out.push_str(&rest[..i]);
            let after = &rest[i + "crate::".len()..];
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
                out.push_str("crate::");
            } else if after.starts_with("api::") {
                out.push_str(&local);
            } else if let Some(name) = item_name(after, "shapes::") {
                out.push_str(if own_shapes.contains(name) {
                    &local
                } else {
                    runtime
                });
            } else if let Some(name) = item_name(after, "enums::") {
                out.push_str(if own_enums.contains(name) {
                    &local
                } else {
                    runtime
                });
            } else {
                out.push_str(runtime);
            }
            rest = after;
        }
        out.push_str(rest);
    }
    if out.contains("::serde") {
        out = crates_through_runtime(&out);
    }
    out
}

/// Names serde and serde_json through the `sitehost` crate, so that the
/// user's crate need not depend on them.
fn crates_through_runtime(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    for line in text.split_inclusive('\n') {
        if line.trim_start().starts_with("//") {
            out.push_str(line);
            continue;
        }
        let mut rest = line;
        while let Some(i) = rest.find("::serde") {
            let before = rest[..i].chars().next_back();
            let after = &rest[i + 2..];
            let named = ["serde::", "serde_json::"]
                .iter()
                .any(|c| after.starts_with(c));
            out.push_str(&rest[..i]);
            if named && !before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                out.push_str("::sitehost::__private::");
            } else {
                out.push_str("::");
            }
            rest = after;
        }
        out.push_str(rest);
    }
    out
}

/// The names of the items, given as `(name, source file)`, that the
/// extension's own files define.
fn own_names<'s>(
    items: impl Iterator<Item = (&'s str, &'s crate::model::SpecFile)>,
    own: &dyn Fn(&crate::model::SpecFile) -> bool,
) -> HashSet<&'s str> {
    items
        .filter(|(_, source)| own(source))
        .map(|(name, _)| name)
        .collect()
}

/// The item name after `module` at the start of `text`.
fn item_name<'t>(text: &'t str, module: &str) -> Option<&'t str> {
    let rest = text.strip_prefix(module)?;
    let end = rest
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(rest.len());
    Some(&rest[..end])
}
