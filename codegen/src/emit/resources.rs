//! `resources.rs`: one `static` per declared resource, and `RESOURCES`.

use super::Emitter;
use super::areas::Gate;
use super::code::Code;
use super::layout::Expr;
use super::rust::{Paths, prose, string_literal, type_ident};
use crate::model::{Desired, Endpoint, Example, Param, Resource, ResourceOp, ResourceUse, Spec};
use serde_json::{Map, Value};

/// The static's name: `dns_record` is `DNS_RECORD`.
pub fn static_name(resource: &str) -> String {
    resource.to_ascii_uppercase()
}

/// The file: every resource of the spec, by name.
pub fn file(emitter: &Emitter<'_>, paths: &Paths) -> Code {
    let mut code = Code::new();
    for r in &emitter.spec.resources {
        let gate = emitter.areas.resource(&r.name);
        resource_static(&mut code, emitter.spec, r, gate.as_ref(), paths);
    }
    code.blank();
    code.doc("Every resource the spec declares (of the areas compiled), by name.");
    let all = emitter
        .spec
        .resources
        .iter()
        .map(|r| {
            let item = format!("&{}", static_name(&r.name));
            (item, emitter.areas.resource(&r.name))
        })
        .collect();
    code.gated_array(
        &format!("pub static RESOURCES: &[&{}] =", paths.rt("Resource")),
        all,
    );
    code
}

fn text(s: &str) -> Expr {
    Expr::text(string_literal(s))
}

fn strings(items: &[String]) -> Expr {
    Expr::Array(items.iter().map(|i| text(i)).collect()).by_ref()
}

fn resource_static(code: &mut Code, spec: &Spec, r: &Resource, gate: Option<&Gate>, paths: &Paths) {
    code.blank();
    code.doc(&resource_doc(r));
    code.gate(gate);
    let mut value = Expr::call(
        paths.rt("Resource::new"),
        vec![
            text(&r.name),
            text(&r.description),
            Expr::text(format!("&crate::shapes::{}::SHAPE", type_ident(&r.shape))),
            strings(&r.key),
        ],
    );
    if let Some(id) = &r.id {
        value = value.then("allocates", vec![text(id)]);
    }
    if let Some((parent, pairs)) = &r.parent {
        let pairs = pairs
            .iter()
            .map(|(own, theirs)| Expr::Tuple(vec![text(own), text(theirs)]))
            .collect();
        value = value.then(
            "within",
            vec![Expr::call(
                paths.rt("Parent::new"),
                vec![
                    Expr::text(format!("&{}", static_name(parent))),
                    Expr::Array(pairs).by_ref(),
                ],
            )],
        );
    }
    if !r.created.is_empty() || !r.updated.is_empty() {
        value = value.then("stamps", vec![strings(&r.created), strings(&r.updated)]);
    }
    if let Some(d) = &r.desired {
        value = value.then("desired", vec![desired(d, &spec.endpoints, paths)]);
    }
    if let Some(why) = &r.unmanaged {
        value = value.then("unmanaged", vec![text(why)]);
    }
    let examples = examples(spec, r);
    if !examples.is_empty() {
        let json = Value::Array(examples).to_string();
        value = value.then(
            "examples",
            vec![Expr::mac(paths.rt("fake_data"), vec![text(&json)])],
        );
    }
    code.assign(
        &format!(
            "pub static {}: {} =",
            static_name(&r.name),
            paths.rt("Resource")
        ),
        &value,
    );
}

/// The doc of a resource's static: what it is, its shape, what names one,
/// what it belongs to.
fn resource_doc(r: &Resource) -> String {
    let mut doc = format!(
        "{}\n\nReturned as [`{shape}`](crate::shapes::{shape}); one is named by {}{}.",
        prose(&r.description),
        words(&r.key),
        r.id.as_ref()
            .map(|id| format!(", and the API allocates `{id}` when one is created"))
            .unwrap_or_default(),
        shape = r.shape,
    );
    if let Some((parent, _)) = &r.parent {
        doc.push_str(&format!(
            " It belongs to a [`{parent}`]({}).",
            static_name(parent)
        ));
    }
    doc
}

/// A link to the endpoint at `path`: a function returning its metadata,
/// which const evaluation does not follow, so that an endpoint's metadata
/// may name its resource and the resource's name the endpoint.
fn link(path: &str, endpoints: &[Endpoint], paths: &Paths) -> Expr {
    let Some(e) = endpoints.iter().find(|e| e.path == path) else {
        return Expr::text(format!("compile_error!({})", string_literal(path)));
    };
    let ty = super::modules::request_path(e, paths);
    Expr::text(format!("<{ty} as {}>::LINK", paths.rt("Request")))
}

/// The desired-state declaration of a resource, as its `Desired` value.
fn desired(d: &Desired, endpoints: &[Endpoint], paths: &Paths) -> Expr {
    let link = |path: &str| link(path, endpoints, paths);
    let mut desired = Expr::call(
        paths.rt("Desired::new"),
        vec![strings(&d.matched_by), link(&d.list), link(&d.create)],
    );
    if !d.secrets.is_empty() {
        desired = desired.then("secrets", vec![strings(&d.secrets)]);
    }
    if !d.computed.is_empty() {
        desired = desired.then("computed", vec![strings(&d.computed)]);
    }
    if !d.defaults.is_empty() {
        let pairs = d
            .defaults
            .iter()
            .map(|(name, value)| Expr::Tuple(vec![text(name), text(value)]))
            .collect();
        desired = desired.then("defaults", vec![Expr::Array(pairs).by_ref()]);
    }
    if let Some(update) = &d.update {
        desired = desired.then("updated_by", vec![link(update)]);
    }
    if let Some(delete) = &d.delete {
        desired = desired.then("deleted_by", vec![link(delete)]);
    }
    if !d.or_match.is_empty() {
        desired = desired.then("or_matched_by", vec![strings(&d.or_match)]);
    }
    if !d.changes.is_empty() {
        let pairs = d
            .changes
            .iter()
            .map(|(field, called)| {
                let links = called.iter().map(|p| link(p)).collect();
                Expr::Tuple(vec![text(field), Expr::Array(links).by_ref()])
            })
            .collect();
        desired = desired.then("changed_by", vec![Expr::Array(pairs).by_ref()]);
    }
    if !d.returns_secret.is_empty() {
        desired = desired.then("returns_secrets", vec![strings(&d.returns_secret)]);
    }
    if d.refuse_fixed {
        desired = desired.then("refuses_replacement", vec![]);
    }
    if let Some(field) = &d.read_from {
        desired = desired.then("read_from", vec![text(field)]);
    }
    if !d.unordered.is_empty() {
        desired = desired.then("unordered", vec![strings(&d.unordered)]);
    }
    if let Some((field, item)) = &d.bare_list {
        desired = desired.then("bare_list", vec![text(field), text(item)]);
    }
    if let Some(get) = &d.get {
        let fields = d
            .from_get
            .iter()
            .map(|f| {
                Expr::call(
                    paths.rt("FromGet::new"),
                    vec![
                        text(&f.field),
                        strings(&f.at),
                        strings(&f.param),
                        strings(&f.ignore),
                    ],
                )
            })
            .collect();
        desired = desired.then("from_get", vec![link(get), Expr::Array(fields).by_ref()]);
    }
    if !d.refers.is_empty() {
        let references = d
            .refers
            .iter()
            .map(|(field, resource, key)| {
                Expr::call(
                    paths.rt("Reference::new"),
                    vec![
                        text(field),
                        Expr::text(format!("&{}", static_name(resource))),
                        text(key),
                    ],
                )
            })
            .collect();
        desired = desired.then("refers", vec![Expr::Array(references).by_ref()]);
    }
    desired
}

/// `a`, `b` and `c`.
fn words(names: &[String]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    match quoted.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => quoted.concat(),
    }
}
/// The documented examples of a resource, which the fake API holds unless
/// seeded otherwise: the objects the examples of its get and list endpoints
/// return, and one named by the parameter examples of each endpoint that
/// reads, changes or acts on one (a copy of the first, or only its key, where
/// no response is documented), so that every endpoint called with its
/// examples finds what it names. Fields an object lacks are filled in when
/// the fake loads it.
fn examples(spec: &Spec, r: &Resource) -> Vec<Value> {
    let uses = || {
        spec.endpoints
            .iter()
            .filter_map(|e| e.resource.as_ref().map(|u| (e, u)))
            .filter(|(_, u)| u.name == r.name)
    };
    let mut found: Vec<Value> = Vec::new();
    for (e, u) in uses() {
        for mut item in returned(spec, e, u, r) {
            let Some(object) = item.as_object_mut() else {
                continue;
            };
            // A list narrowed to a parent's: its items belong to the
            // parent its parameter examples name.
            for (field, param) in &u.key {
                if object.get(field).is_none_or(Value::is_null)
                    && let Some(value) = example_of(&e.params, param)
                {
                    object.insert(field.clone(), value);
                }
            }
            if r.key
                .iter()
                .all(|k| object.get(k).is_some_and(|v| !v.is_null()))
                && !found.iter().any(|f| same_key(f, &item, &r.key))
            {
                found.push(item);
            }
        }
    }
    for (e, u) in uses() {
        if let Some(item) = named_by_examples(e, u, r, &found) {
            found.push(item);
        }
    }
    found
}

/// The objects of `r` that the documented example of `e` returns: the one
/// a get returns, or a list's items (of a list, or a page's `data`).
fn returned(spec: &Spec, e: &Endpoint, u: &ResourceUse, r: &Resource) -> Vec<Value> {
    let returned = e
        .response
        .example
        .as_deref()
        .and_then(|text| serde_json::from_str::<Value>(text).ok())
        .and_then(|mut envelope| envelope.get_mut("return").map(Value::take));
    let Some(returned) = returned else {
        return Vec::new();
    };
    let same_shape = e.response.shape.as_deref() == Some(r.shape.as_str());
    match u.op {
        ResourceOp::Get if same_shape => vec![returned],
        ResourceOp::List if e.response.list || e.response.paging.is_some() => {
            if !same_shape {
                return Vec::new();
            }
            match returned {
                Value::Array(items) => items,
                Value::Object(mut page) => match page.remove("data") {
                    Some(Value::Array(items)) => items,
                    _ => Vec::new(),
                },
                _ => Vec::new(),
            }
        }
        ResourceOp::List => match returned.get("data") {
            Some(Value::Array(items)) if page_of(spec, e, r) => items.clone(),
            _ => Vec::new(),
        },
        _ => Vec::new(),
    }
}

/// The object that an endpoint reading, changing or acting on one of `r`
/// names by its parameter examples, when none `found` has that key: a copy
/// of the first found with that key, or only the key.
fn named_by_examples(
    e: &Endpoint,
    u: &ResourceUse,
    r: &Resource,
    found: &[Value],
) -> Option<Value> {
    if matches!(u.op, ResourceOp::Create | ResourceOp::List) {
        return None;
    }
    let mut named = Map::new();
    for (field, param) in &u.key {
        named.insert(field.clone(), example_of(&e.params, param)?);
    }
    if named.len() != r.key.len() {
        return None;
    }
    let named = Value::Object(named);
    if found.iter().any(|f| same_key(f, &named, &r.key)) {
        return None;
    }
    let mut item = found
        .first()
        .cloned()
        .unwrap_or_else(|| Value::Object(Map::new()));
    if let (Some(item), Value::Object(named)) = (item.as_object_mut(), named) {
        item.extend(named);
    }
    Some(item)
}

/// Whether `e` returns one object holding a page whose `data` are of `r`'s shape.
fn page_of(spec: &Spec, e: &Endpoint, r: &Resource) -> bool {
    e.response
        .shape
        .as_deref()
        .and_then(|s| spec.shape(s))
        .and_then(|page| page.field("data"))
        .is_some_and(|d| matches!(&d.ty, crate::model::FieldType::Shape(s) if *s == r.shape))
}

/// Whether two objects have the same key, compared as text.
fn same_key(a: &Value, b: &Value, key: &[String]) -> bool {
    key.iter()
        .all(|k| as_text(&a[k.as_str()]) == as_text(&b[k.as_str()]))
}

fn as_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The example of the parameter with this wire name (`params[label]` is the
/// member `label` of the group `params`; `variables[0][name]` the member
/// `name` of an element of the list of groups `variables`).
fn example_of(params: &[Param], wire: &str) -> Option<Value> {
    let mut parts = wire.split('[').map(|p| p.trim_end_matches(']'));
    let name = parts.next()?;
    let mut param = params.iter().find(|p| p.name == name)?;
    for part in parts {
        if part.is_empty() || part.bytes().all(|b| b.is_ascii_digit()) {
            continue;
        }
        param = param.group()?.members.iter().find(|p| p.name == part)?;
    }
    Some(match param.example.first()? {
        Example::Text(s) => Value::String(s.clone()),
        Example::Integer(n) => Value::from(*n),
        Example::Boolean(b) => Value::Bool(*b),
    })
}
