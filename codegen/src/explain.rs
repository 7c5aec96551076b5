//! `sitehost-codegen check --explain PATH`: what the checks made of one
//! endpoint, including what they inferred where the spec does not say (its
//! effect, the fields a resource use sets, a list's filters and sort), so
//! that no rule is visible only in the code.

use crate::model::{
    Effect, Endpoint, Method, Param, Provenance, ResourceOp, Role, Spec, ValueType,
};
use std::fmt::Write;

/// What the spec says and implies of the endpoint with this API path, as
/// text; `None` when the spec has no such endpoint.
pub fn explain(spec: &Spec, path: &str) -> Option<String> {
    let e = spec.endpoints.iter().find(|e| e.path == path)?;
    let mut out = String::new();
    let _ = writeln!(out, "{} (spec/{})", e.path, e.file.relative);
    let _ = writeln!(
        out,
        "  {} /{}{}.json, from {}",
        e.method.as_str(),
        e.version,
        e.path,
        match e.source {
            Provenance::Reference => "a reference page",
            Provenance::OfficialSdk => "the official SDK (no reference page)",
        }
    );
    let _ = writeln!(
        out,
        "  names: request type {}::{}, client method and tool `{}`, command `sitehost {}`",
        module_path(e),
        e.type_name,
        e.method_name,
        e.path
            .trim_start_matches('/')
            .replace('/', " ")
            .replace('_', "-")
    );
    let _ = writeln!(out, "  effect: {}", effect(e));
    params(&mut out, &e.params);
    returns(&mut out, spec, e);
    resource(&mut out, e);
    Some(out)
}

fn module_path(e: &Endpoint) -> String {
    let mut path = String::from("api");
    for m in &e.module {
        path.push_str("::");
        path.push_str(m);
    }
    path
}

fn effect(e: &Endpoint) -> String {
    let name = e.effect.as_str();
    if e.effect_declared {
        return format!("{name} (declared)");
    }
    let why = match (e.method, e.effect) {
        (Method::Get, Effect::Write) => "a GET that starts a job writes",
        (Method::Get, _) => "a GET reads",
        (Method::Post, Effect::Destructive) => {
            "a POST whose last segment starts with delete, remove or revoke destroys"
        }
        (Method::Post, _) => "a POST writes",
    };
    format!("{name} (not declared: {why})")
}

fn params(out: &mut String, params: &[Param]) {
    if params.is_empty() {
        let _ = writeln!(out, "  parameters: none besides apikey");
        return;
    }
    let _ = writeln!(out, "  parameters, in wire order after apikey:");
    let mut rows = Vec::new();
    rows_of(params, "", &mut rows);
    for row in rows {
        let _ = writeln!(out, "    {row}");
    }
}

fn rows_of(params: &[Param], prefix: &str, out: &mut Vec<String>) {
    for p in params {
        let mut wire = if prefix.is_empty() {
            p.name.clone()
        } else {
            format!("{prefix}[{}]", p.name)
        };
        if let Some(keys) = &p.map {
            wire.push_str(&format!("[<{keys}>]"));
        }
        if let Some(encoding) = p.list {
            wire.push_str(match encoding {
                crate::model::ListEncoding::Indexed => "[0]",
                crate::model::ListEncoding::Brackets => "[]",
            });
        }
        let mut notes = vec![p.ty.spec_name()];
        notes.push(if p.required { "required" } else { "optional" }.to_owned());
        if p.or_auto {
            notes.push("or `auto`".to_owned());
        }
        if p.role == Some(Role::ClientId) {
            notes.push(
                "role client_id: front ends fill it in from SH_CLIENT_ID; a create records it"
                    .to_owned(),
            );
        }
        out.push(format!("{wire}: {}", notes.join(", ")));
        if let ValueType::Group(group) = &p.ty {
            rows_of(&group.members, &wire, out);
        }
    }
}

fn returns(out: &mut String, spec: &Spec, e: &Endpoint) {
    let r = &e.response;
    let what = match (&r.shape, &r.scalar) {
        _ if r.empty => "nothing: the envelope has no `return`".to_owned(),
        (Some(shape), _) => format!("shape {shape}"),
        (None, Some(ty)) => format!("{ty:?}").to_lowercase(),
        (None, None) => "JSON, untyped (no source shows it)".to_owned(),
    };
    let form = if r.paging.is_some() {
        "one page of "
    } else if r.map {
        "an object keyed by data of "
    } else if r.list {
        "a list of "
    } else {
        ""
    };
    let _ = writeln!(out, "  returns: {form}{what}");
    if let Some(job) = r.job {
        let _ = writeln!(
            out,
            "  job: starts a `{}` job; the client returns {}",
            job.as_str(),
            if spec.job_says_more(e) {
                "the job and the whole response (it says more than the job)"
            } else {
                "the job (the response says nothing more)"
            }
        );
    }
    if let Some(paging) = &r.paging {
        let _ = writeln!(
            out,
            "  paging: page number `{}`, page size `{}`: the client and front ends walk every page",
            paging.number, paging.size
        );
    }
}

fn resource(out: &mut String, e: &Endpoint) {
    let Some(u) = &e.resource else {
        let _ = writeln!(
            out,
            "  resource: none declared (the fake answers with the documented response)"
        );
        return;
    };
    let verb = match u.op {
        ResourceOp::Create => "creates",
        ResourceOp::Get => "returns",
        ResourceOp::List => "lists",
        ResourceOp::Update => "changes",
        ResourceOp::Delete => "deletes",
        ResourceOp::Action => "acts on",
        ResourceOp::Set => "sets (makes, or changes)",
    };
    let _ = writeln!(out, "  resource: {verb} `{}`", u.name);
    let pairs = |pairs: &[(String, String)]| {
        pairs
            .iter()
            .map(|(field, param)| format!("{field} from `{param}`"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    if !u.key.is_empty() {
        let _ = writeln!(out, "    named by: {}", pairs(&u.key));
    }
    let (declared, inferred) = u.fields.split_at(u.declared_fields.min(u.fields.len()));
    if !declared.is_empty() {
        let _ = writeln!(out, "    sets (declared): {}", pairs(declared));
    }
    if !inferred.is_empty() {
        let _ = writeln!(
            out,
            "    sets (inferred: a parameter named like a field of the shape): {}",
            pairs(inferred)
        );
    }
    let (declared, inferred) = u.filters.split_at(u.declared_filters.min(u.filters.len()));
    if !declared.is_empty() {
        let _ = writeln!(out, "    filters (declared): {}", pairs(declared));
    }
    if !inferred.is_empty() {
        let _ = writeln!(
            out,
            "    filters (inferred: members of `filters` named like a field; exact match): {}",
            pairs(inferred)
        );
    }
    if let Some((by, dir)) = &u.sort {
        let _ = writeln!(
            out,
            "    sort (inferred from `filters[sort_by]` and `filters[sort_dir]`): `{by}`, `{dir}`"
        );
    }
    if !u.set.is_empty() {
        let assigned: Vec<String> = u.set.iter().map(|(f, v)| format!("{f} = {v}")).collect();
        let _ = writeln!(out, "    assigns: {}", assigned.join(", "));
    }
    if let Some(id) = &u.returns_id {
        let _ = writeln!(out, "    the new ID is returned in `{id}`");
    }
    if e.response.job.is_some() && u.op != ResourceOp::Get && u.op != ResourceOp::List {
        let _ = writeln!(out, "    the change is made when the job completes");
    }
}
