//! `resources.rs`: one `static` per declared resource, and `RESOURCES`; and
//! the `.resource(...)` an endpoint's metadata carries.

use super::{doc_lines, prose, type_ident};
use crate::model::{Endpoint, Example, Param, Resource, ResourceOp, ResourceUse, Spec};
use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;
use serde_json::{Map, Value};

/// The static's name: `dns_record` is `DNS_RECORD`.
pub fn static_name(resource: &str) -> Ident {
    Ident::new(&resource.to_ascii_uppercase(), Span::call_site())
}

/// The file: every resource of `spec`, by name.
pub fn resources_file(spec: &Spec) -> TokenStream {
    let items = spec.resources.iter().map(|r| resource_static(spec, r));
    let all = spec.resources.iter().map(|r| {
        let name = static_name(&r.name);
        quote!(&#name)
    });
    let all_doc = doc_lines(&["Every resource the spec declares, by name.".to_owned()]);
    quote! {
        #(#items)*

        #all_doc
        pub static RESOURCES: &[&crate::Resource] = &[#(#all),*];
    }
}

fn resource_static(spec: &Spec, r: &Resource) -> TokenStream {
    let name = static_name(&r.name);
    let mut lines = vec![prose(&r.description), String::new()];
    lines.push(format!(
        "Returned as [`{shape}`](crate::shapes::{shape}); one is named by {}{}.",
        words(&r.key),
        r.id.as_ref()
            .map(|id| format!(", and the API allocates `{id}` when one is created"))
            .unwrap_or_default(),
        shape = r.shape,
    ));
    if let Some((parent, _)) = &r.parent {
        lines.push(format!(
            "It belongs to a [`{}`]({}).",
            parent,
            static_name(parent)
        ));
    }
    let doc = doc_lines(&lines);
    let (resource_name, description) = (&r.name, &r.description);
    let shape = type_ident(&r.shape);
    let key = &r.key;
    let allocates = r.id.as_ref().map(|id| quote!(.allocates(#id)));
    let within = r.parent.as_ref().map(|(parent, pairs)| {
        let parent = static_name(parent);
        let pairs = pairs.iter().map(|(a, b)| quote!((#a, #b)));
        quote!(.within(crate::Parent { resource: &#parent, key: &[#(#pairs),*] }))
    });
    let stamps = (!r.created.is_empty() || !r.updated.is_empty()).then(|| {
        let (created, updated) = (&r.created, &r.updated);
        quote!(.stamps(&[#(#created),*], &[#(#updated),*]))
    });
    let examples = examples(spec, r);
    let examples = (!examples.is_empty()).then(|| {
        // A raw string, one object a line: read as the examples are.
        let objects: Vec<String> = examples.iter().map(Value::to_string).collect();
        let text = format!("[\n{}\n]", objects.join(",\n"));
        let literal: TokenStream = super::raw_string(&text)
            .parse()
            .unwrap_or_else(|_| quote!(#text));
        quote!(.examples(#literal))
    });
    quote! {
        #doc
        pub static #name: crate::Resource = crate::Resource::new(
            #resource_name,
            #description,
            &crate::shapes::#shape::SHAPE,
            &[#(#key),*],
        ) #allocates #within #stamps #examples;
    }
}

/// `a`, `b` and `c`.
fn words(names: &[String]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    match quoted.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => quoted.concat(),
    }
}

/// `.resource(...)` for an endpoint's metadata, as formatted text at the
/// indentation of the endpoint's builder calls.
pub fn use_text(u: &ResourceUse) -> String {
    let op = match u.op {
        ResourceOp::Create => "Create",
        ResourceOp::Get => "Get",
        ResourceOp::List => "List",
        ResourceOp::Update => "Update",
        ResourceOp::Delete => "Delete",
        ResourceOp::Action => "Action",
    };
    let pairs = |pairs: &[(String, String)]| {
        pairs
            .iter()
            .map(|(a, b)| format!("({a:?}, {b:?})"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut text = format!(
        "\n    .resource(\n        crate::ResourceUse::new(&crate::resources::{}, crate::ResourceOp::{op})",
        static_name(&u.name)
    );
    for (method, list) in [
        ("key", &u.key),
        ("fields", &u.fields),
        ("filters", &u.filters),
        ("set", &u.set),
    ] {
        if !list.is_empty() {
            text.push_str(&format!("\n            .{method}(&[{}])", pairs(list)));
        }
    }
    if let Some((by, dir)) = &u.sort {
        text.push_str(&format!("\n            .sort({by:?}, {dir:?})"));
    }
    if let Some(id) = &u.returns_id {
        text.push_str(&format!("\n            .returns_id({id:?})"));
    }
    text.push_str(",\n    )");
    text
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
        let returned = e
            .response
            .example
            .as_deref()
            .and_then(|text| serde_json::from_str::<Value>(text).ok())
            .and_then(|mut envelope| envelope.get_mut("return").map(Value::take));
        let Some(returned) = returned else { continue };
        let same_shape = e.response.shape.as_deref() == Some(r.shape.as_str());
        let items: Vec<Value> = match u.op {
            ResourceOp::Get if same_shape => vec![returned],
            ResourceOp::List if e.response.list || e.response.paging.is_some() => {
                if !same_shape {
                    continue;
                }
                match returned {
                    Value::Array(items) => items,
                    Value::Object(mut page) => match page.remove("data") {
                        Some(Value::Array(items)) => items,
                        _ => continue,
                    },
                    _ => continue,
                }
            }
            ResourceOp::List => match returned.get("data") {
                Some(Value::Array(items)) if page_of(spec, e, r) => items.clone(),
                _ => continue,
            },
            _ => continue,
        };
        for mut item in items {
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
        if matches!(u.op, ResourceOp::Create | ResourceOp::List) {
            continue;
        }
        let mut named = Map::new();
        for (field, param) in &u.key {
            match example_of(&e.params, param) {
                Some(value) => {
                    named.insert(field.clone(), value);
                }
                None => break,
            }
        }
        if named.len() != r.key.len() {
            continue;
        }
        let named = Value::Object(named);
        if found.iter().any(|f| same_key(f, &named, &r.key)) {
            continue;
        }
        let mut item = found
            .first()
            .cloned()
            .unwrap_or_else(|| Value::Object(Map::new()));
        if let (Some(item), Value::Object(named)) = (item.as_object_mut(), named) {
            item.extend(named);
        }
        found.push(item);
    }
    found
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
        .all(|k| text(&a[k.as_str()]) == text(&b[k.as_str()]))
}

fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The example of the parameter with this wire name (`params[label]` is the
/// member `label` of the group `params`).
fn example_of(params: &[Param], wire: &str) -> Option<Value> {
    let (name, member) = match wire.split_once('[') {
        Some((group, rest)) => (group, rest.strip_suffix(']')),
        None => (wire, None),
    };
    let param = params
        .iter()
        .find(|p| p.name == name && (member.is_none() || p.group().is_some()))?;
    let param = match member {
        Some(m) => param.group()?.members.iter().find(|p| p.name == m)?,
        None => param,
    };
    Some(match param.example.first()? {
        Example::Text(s) => Value::String(s.clone()),
        Example::Integer(n) => Value::from(*n),
        Example::Boolean(b) => Value::Bool(*b),
    })
}
