//! The description of an endpoint as data: the `ENDPOINT` const of its
//! request type, with its words, parameters (their descriptions, typed
//! examples and roles), effect, job, paging, response and resource use.

use super::Emitter;
use super::layout::Expr;
use super::rust::{Paths, string_literal, type_ident};
use crate::model::{
    Effect, Endpoint, Example, FieldType, JobType, ListEncoding, Method, Param, Provenance,
    ResourceOp, ResourceUse, Role, ValueType,
};

fn text(s: &str) -> Expr {
    Expr::text(string_literal(s))
}

/// A path of names as a slice: `&["filters", "page_number"]`.
fn name_path(path: &[String]) -> Expr {
    Expr::Array(path.iter().map(|p| text(p)).collect()).by_ref()
}

/// A wire name (`params[label]`) as a path of names.
fn wire_path(wire: &str) -> Expr {
    let mut parts = vec![wire.split('[').next().unwrap_or_default().to_owned()];
    parts.extend(
        wire.split('[')
            .skip(1)
            .map(|part| part.trim_end_matches(']').to_owned()),
    );
    name_path(&parts)
}

/// The `ENDPOINT` const's value.
pub fn endpoint(e: &Endpoint, emitter: &Emitter<'_>, paths: &Paths) -> Result<Expr, String> {
    let method = match e.method {
        Method::Get => "Method::Get",
        Method::Post => "Method::Post",
    };
    let mut value = Expr::call(
        paths.rt("Endpoint::new"),
        vec![
            text(&e.method_name),
            Expr::text(paths.rt(method)),
            text(&e.version),
            text(&e.path),
        ],
    )
    .then("summary", vec![text(&e.summary)]);
    if let Some(description) = &e.description {
        value = value.then("description", vec![text(description)]);
    }
    if e.source == Provenance::OfficialSdk {
        value = value.then("from_official_sdk", vec![]);
    }
    let effect = match e.effect {
        Effect::Read => "Effect::Read",
        Effect::Write => "Effect::Write",
        Effect::Destructive => "Effect::Destructive",
    };
    value = value.then("effect", vec![Expr::text(paths.rt(effect))]);
    if !e.params.is_empty() {
        let params: Vec<Expr> = e
            .params
            .iter()
            .map(|p| param(p, emitter, paths))
            .collect::<Result<_, _>>()?;
        value = value.then("params", vec![Expr::Array(params).by_ref()]);
    }
    if let Some(job) = e.response.job {
        value = value.then("starts_job", vec![Expr::text(job_type(job, paths))]);
        if emitter.spec.job_says_more(e) {
            value = value.then("says_more", vec![]);
        }
    }
    if let Some(paging) = &e.response.paging {
        value = value.then(
            "paged",
            vec![Expr::call(
                paths.rt("Paging::new"),
                vec![name_path(&paging.number_path), name_path(&paging.size_path)],
            )],
        );
    }
    if let Some(returns) = returns(e, emitter, paths) {
        value = value.then("returns", vec![returns]);
    }
    if let Some(resource) = &e.resource {
        value = value.then("resource", vec![resource_use(resource, paths)]);
    }
    if let Some(example) = &e.response.example {
        value = value.then(
            "with_example",
            vec![Expr::mac(
                paths.rt("fake_data"),
                vec![text(&compact(example))],
            )],
        );
    }
    Ok(value)
}

/// A JSON text on one line (it is data; the docs show it as written).
pub fn compact(json: &str) -> String {
    serde_json::from_str::<serde_json::Value>(json)
        .map_or_else(|_| json.to_owned(), |v| v.to_string())
}

pub fn job_type(job: JobType, paths: &Paths) -> String {
    paths.rt(match job {
        JobType::Daemon => "JobType::Daemon",
        JobType::Scheduler => "JobType::Scheduler",
    })
}

/// A parameter's metadata.
pub fn param(p: &Param, emitter: &Emitter<'_>, paths: &Paths) -> Result<Expr, String> {
    let kind = match &p.ty {
        ValueType::String => Expr::text(paths.rt("ParamKind::String")),
        ValueType::Integer => Expr::text(paths.rt("ParamKind::Integer")),
        ValueType::Boolean => Expr::text(paths.rt("ParamKind::Boolean")),
        ValueType::JobType => Expr::text(format!(
            "{}(&[\"daemon\", \"scheduler\"])",
            paths.rt("ParamKind::Choice")
        )),
        ValueType::Enum(name) => Expr::call(
            paths.rt("ParamKind::Choice"),
            vec![Expr::text(format!(
                "{}::VALUES",
                emitter.enum_path(name, paths)
            ))],
        ),
        ValueType::Group(group) => Expr::call(
            paths.rt("ParamKind::Group"),
            vec![Expr::text(format!(
                "{}::MEMBERS",
                type_ident(&group.type_name)
            ))],
        ),
    };
    let constructor = if p.required {
        "Param::required"
    } else {
        "Param::optional"
    };
    let mut value = Expr::call(paths.rt(constructor), vec![text(&p.name), kind]);
    if let Some(list) = p.list {
        let encoding = match list {
            ListEncoding::Indexed => "ListEncoding::Indexed",
            ListEncoding::Brackets => "ListEncoding::Brackets",
        };
        value = value.then("list", vec![Expr::text(paths.rt(encoding))]);
    }
    if let Some(keys) = &p.map {
        value = value.then("map", vec![text(keys)]);
    }
    if p.or_auto {
        value = value.then("or_auto", vec![]);
    }
    if p.role == Some(Role::ClientId) {
        value = value.then("role", vec![Expr::text(paths.rt("Role::ClientId"))]);
    }
    value = value.then("about", vec![text(&p.description)]);
    if let Some(example) = example(p, paths) {
        value = value.then("example", vec![example]);
    }
    Ok(value)
}

fn scalar_example(example: &Example, paths: &Paths) -> Expr {
    match example {
        Example::Text(s) => Expr::call(paths.rt("Example::Text"), vec![text(s)]),
        Example::Integer(n) => Expr::call(
            paths.rt("Example::Integer"),
            vec![Expr::text(n.to_string())],
        ),
        Example::Boolean(b) => Expr::call(
            paths.rt("Example::Boolean"),
            vec![Expr::text(b.to_string())],
        ),
    }
}

/// A parameter's example as the runtime's `Example`: one value, a list's
/// values, or a map's entries.
fn example(p: &Param, paths: &Paths) -> Option<Expr> {
    let values = |examples: &[Example]| -> Expr {
        if p.list.is_some() {
            Expr::call(
                paths.rt("Example::List"),
                vec![
                    Expr::Array(examples.iter().map(|e| scalar_example(e, paths)).collect())
                        .by_ref(),
                ],
            )
        } else {
            examples
                .first()
                .map_or_else(|| Expr::text("()"), |e| scalar_example(e, paths))
        }
    };
    if p.map.is_some() {
        if p.example_map.is_empty() {
            return None;
        }
        let entries = p
            .example_map
            .iter()
            .map(|(key, examples)| Expr::Tuple(vec![text(key), values(examples)]))
            .collect();
        return Some(Expr::call(
            paths.rt("Example::Map"),
            vec![Expr::Array(entries).by_ref()],
        ));
    }
    (!p.example.is_empty()).then(|| values(&p.example))
}

/// The form and type of `return`, where the spec types it.
fn returns(e: &Endpoint, emitter: &Emitter<'_>, paths: &Paths) -> Option<Expr> {
    let r = &e.response;
    if r.empty {
        return None;
    }
    let mut value = match (&r.shape, &r.scalar) {
        (Some(shape), _) => Expr::call(
            paths.rt("Returns::shape"),
            vec![Expr::text(format!(
                "&{}::SHAPE",
                emitter.shape_path(shape, paths)
            ))],
        ),
        (None, Some(ty)) => Expr::call(
            paths.rt("Returns::one"),
            vec![Expr::text(field_kind(ty, paths, &|name| {
                emitter.shape_path(name, paths)
            }))],
        ),
        (None, None) => return None,
    };
    if r.list {
        value = value.then("list", vec![]);
    }
    if r.map {
        value = value.then("map", vec![Expr::text(r.depth.to_string())]);
    }
    if r.paging.is_some() {
        value = value.then("paged", vec![]);
    }
    Some(value)
}

/// The runtime's `FieldKind` of a field type; `shape` names a shape from
/// the file it is written in.
pub fn field_kind(ty: &FieldType, paths: &Paths, shape: &dyn Fn(&str) -> String) -> String {
    match ty {
        FieldType::String => paths.rt("FieldKind::String"),
        FieldType::Integer => paths.rt("FieldKind::Integer"),
        FieldType::Boolean => paths.rt("FieldKind::Boolean"),
        FieldType::Number => paths.rt("FieldKind::Number"),
        FieldType::Json => paths.rt("FieldKind::Json"),
        FieldType::Shape(name) => {
            format!("{}(&{}::SHAPE)", paths.rt("FieldKind::Shape"), shape(name))
        }
    }
}

/// What the endpoint does to a resource, with each parameter as its path
/// of names.
fn resource_use(u: &ResourceUse, paths: &Paths) -> Expr {
    let op = match u.op {
        ResourceOp::Create => "ResourceOp::Create",
        ResourceOp::Get => "ResourceOp::Get",
        ResourceOp::List => "ResourceOp::List",
        ResourceOp::Update => "ResourceOp::Update",
        ResourceOp::Delete => "ResourceOp::Delete",
        ResourceOp::Action => "ResourceOp::Action",
        ResourceOp::Set => "ResourceOp::Set",
    };
    let mut value = Expr::call(
        paths.rt("ResourceUse::new"),
        vec![
            Expr::text(format!(
                "&{}",
                // Resources are the `sitehost` crate's, whoever uses them.
                paths.item(
                    &format!("resources::{}", super::resources::static_name(&u.name)),
                    false
                )
            )),
            Expr::text(paths.rt(op)),
        ],
    );
    let pairs = |pairs: &[(String, String)]| {
        Expr::Array(
            pairs
                .iter()
                .map(|(field, wire)| Expr::Tuple(vec![text(field), wire_path(wire)]))
                .collect(),
        )
        .by_ref()
    };
    for (method, list) in [
        ("key", &u.key),
        ("fields", &u.fields),
        ("filters", &u.filters),
    ] {
        if !list.is_empty() {
            value = value.then(method, vec![pairs(list)]);
        }
    }
    if let Some((by, dir)) = &u.sort {
        value = value.then("sort", vec![wire_path(by), wire_path(dir)]);
    }
    if !u.set.is_empty() {
        let set = u
            .set
            .iter()
            .map(|(field, json)| Expr::Tuple(vec![text(field), text(json)]))
            .collect();
        value = value.then("set", vec![Expr::Array(set).by_ref()]);
    }
    if let Some(id) = &u.returns_id {
        value = value.then("returns_id", vec![text(id)]);
    }
    value
}
