//! `api.rs`: one module per segment of the API paths, each including the
//! file of its request types, and `ENDPOINTS`; and an extension's
//! `endpoints.rs`, which declares the modules.

use super::code::Code;
use super::layout::Expr;
use super::rust::{Paths, Target, ident, type_ident};
use super::{Emitter, OUT_SUBDIR};
use crate::model::Endpoint;
use std::collections::BTreeMap;

/// Endpoints grouped by module.
pub struct Tree<'a> {
    /// Modules that hold request types, with their endpoints (sorted by path).
    pub leaves: BTreeMap<Vec<String>, Vec<&'a Endpoint>>,
}

impl<'a> Tree<'a> {
    /// The modules of these endpoints.
    pub fn build(endpoints: &[&'a Endpoint]) -> Tree<'a> {
        let mut leaves: BTreeMap<Vec<String>, Vec<&Endpoint>> = BTreeMap::new();
        for &e in endpoints {
            leaves.entry(e.module.clone()).or_default().push(e);
        }
        Tree { leaves }
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

/// `api.rs`.
pub fn api(emitter: &Emitter<'_>, tree: &Tree<'_>, paths: &Paths) -> Code {
    let mut code = Code::new();
    module_body(&mut code, &[], tree, emitter);
    code.blank();
    let count = emitter.endpoints.len();
    code.doc(&match emitter.target {
        Target::Extension => format!(
            "Every endpoint of this crate's spec ({count}), sorted by path: give them to \
             [`FakeApiBuilder::extra_endpoints`](sitehost::fake::FakeApiBuilder::extra_endpoints) \
             for the fake API to serve."
        ),
        Target::Crate => format!(
            "Every endpoint of the spec ({count}, less those of the areas not compiled), sorted by \
             path: what the command line, the MCP server and the fake API serve."
        ),
    });
    let items = emitter
        .endpoints
        .iter()
        .map(|e| {
            let ty = request_path(e, paths);
            let item = format!("<{ty} as {}>::ENDPOINT", paths.rt("Request"));
            (item, emitter.areas.endpoint(e))
        })
        .collect();
    code.gated_array(
        &format!("pub const ENDPOINTS: &[&{}] =", paths.rt("Endpoint")),
        items,
    );
    code
}

/// The path of an endpoint's request type.
pub fn request_path(e: &Endpoint, paths: &Paths) -> String {
    let mut path = String::from("api::");
    for m in &e.module {
        path.push_str(&ident(m).to_string());
        path.push_str("::");
    }
    path.push_str(&type_ident(&e.type_name).to_string());
    paths.item(&path, true)
}

fn module_body(code: &mut Code, module: &[String], tree: &Tree<'_>, emitter: &Emitter<'_>) {
    if tree.leaves.contains_key(module) {
        include(code, &format!("/{OUT_SUBDIR}/api/{}.rs", module.join("/")));
    }
    for child in tree.children(module) {
        let mut path = module.to_vec();
        path.push(child.clone());
        code.blank();
        code.doc(&format!("Endpoints under `/{}`.", path.join("/")));
        // The API's own names, as its paths have them: `/api/get_info` is in
        // `api::api`.
        let parent = module.last().map_or("api", String::as_str);
        if child == parent {
            code.line("#[allow(clippy::module_inception)]");
        }
        if module.is_empty() {
            code.gate(emitter.areas.module(&child).as_ref());
        }
        code.open(&format!("pub mod {}", ident(&child)));
        module_body(code, &path, tree, emitter);
        code.close("");
    }
}

/// `include!(concat!(env!("OUT_DIR"), "<file>"));`
fn include(code: &mut Code, file: &str) {
    let path = Expr::mac(
        "concat",
        vec![
            Expr::mac("env", vec![Expr::text("\"OUT_DIR\"")]),
            Expr::text(format!("{file:?}")),
        ],
    );
    code.expr(&Expr::mac("include", vec![path]), ";");
}

/// An extension's `endpoints.rs`: the modules `api`, `shapes` and `enums`.
pub fn root(paths: &Paths) -> Code {
    let mut code = Code::new();
    let modules = [
        (
            "api",
            format!(
                "Request types, one per endpoint of this crate's spec, in modules that mirror \
                 the API paths. Send them with {}.",
                paths.client_item("Client::send")
            ),
        ),
        (
            "shapes",
            "The shapes of what this crate's endpoints return.".to_owned(),
        ),
        (
            "enums",
            "The closed sets of values this crate's parameters take.".to_owned(),
        ),
    ];
    for (name, doc) in modules {
        code.blank();
        code.doc(&doc);
        code.open(&format!("pub mod {name}"));
        include(&mut code, &format!("/{OUT_SUBDIR}/{name}.rs"));
        code.close("");
    }
    code
}
