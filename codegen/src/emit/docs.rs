//! The documentation of a request type: what it does, its URL, how to send
//! it and what comes back, the documented response, and an example built
//! from the spec's examples. Each parameter's words are on its field (and
//! the setter links to it), so the type's docs do not repeat them.

use super::Emitter;
use super::rust::{Paths, Target, ident_text, prose, type_ident};
use crate::model::{Endpoint, Example, Method, Param, Provenance, ValueType};

/// Where the real API lives; used in docs only.
const DOC_BASE_URL: &str = "https://api.sitehost.nz";

/// The versioned URL of the real API.
pub fn url(e: &Endpoint) -> String {
    format!("{DOC_BASE_URL}/{}{}.json", e.version, e.path)
}

/// What `Client::<method>` returns, in words.
pub fn output_doc(e: &Endpoint, emitter: &Emitter<'_>, paths: &Paths) -> String {
    let r = &e.response;
    let shape = |name: &str| {
        format!(
            "[`{name}`]({})",
            paths.item_doc(
                &format!("shapes::{name}"),
                emitter
                    .spec
                    .shape(name)
                    .is_none_or(|s| emitter.own(&s.file))
            )
        )
    };
    let item = match (&r.shape, &r.scalar) {
        (Some(s), _) => shape(s),
        (None, Some(ty)) => scalar_name(ty).to_owned(),
        (None, None) => "JSON".to_owned(),
    };
    if r.empty {
        return "nothing (`()`): the API sends no `return`".to_owned();
    }
    if r.paging.is_some() {
        return format!(
            "one [`Page`]({}) of {item}; {} walks every page",
            paths.rt_doc("Page"),
            paths.client_item("Client::items")
        );
    }
    if r.shape.is_none() && r.scalar.is_none() {
        return "the `return` value as JSON (no source shows its shape)".to_owned();
    }
    let list = if r.list {
        format!("a list of {item}")
    } else {
        item
    };
    match r.depth {
        0 => list,
        1 => format!("an object keyed by data of {list}"),
        n => format!("objects keyed by data, {n} levels deep, of {list}"),
    }
}

fn scalar_name(ty: &crate::model::FieldType) -> &'static str {
    use crate::model::FieldType;
    match ty {
        FieldType::String => "text (`String`)",
        FieldType::Integer => "an integer (`i64`)",
        FieldType::Boolean => "a boolean",
        FieldType::Number => "a number (`f64`)",
        FieldType::Json | FieldType::Shape(_) => "JSON",
    }
}

/// The docs of an endpoint's request type.
pub fn request_doc(e: &Endpoint, emitter: &Emitter<'_>, paths: &Paths) -> String {
    let mut doc = vec![prose(&e.summary), String::new()];
    if let Some(description) = &e.description {
        doc.push(prose(description));
        doc.push(String::new());
    }
    doc.push(format!("`{} {}`", e.method.as_str(), url(e)));
    doc.push(String::new());
    if e.source == Provenance::OfficialSdk {
        doc.push(
            "No reference page documents this endpoint: its version, parameters and their order \
             are those SiteHost's official Go SDK sends."
                .to_owned(),
        );
        doc.push(String::new());
    }
    doc.push(sending(e, emitter, paths));
    doc.push(String::new());
    doc.push(format!(
        "Its parameters are its fields, sent in their order after `apikey` as {}.",
        match e.method {
            Method::Get => "a query string",
            Method::Post => "a form body",
        }
    ));
    doc.push(String::new());
    doc.push("# Response".to_owned());
    doc.push(String::new());
    match &e.response.example {
        Some(example) => {
            doc.push("```json".to_owned());
            doc.extend(example.lines().map(str::to_owned));
            doc.push("```".to_owned());
        }
        None if e.response.shape.is_some() || e.response.scalar.is_some() => {
            doc.push("No source shows an example; the official SDK decodes its type.".to_owned())
        }
        None if e.response.job.is_some() => {
            doc.push("No source shows an example; the official SDK reads the job.".to_owned())
        }
        None => doc.push("No source shows the response; `return` is kept as JSON.".to_owned()),
    }
    doc.push(String::new());
    doc.push("# Example".to_owned());
    doc.push(String::new());
    doc.extend(usage_example(e, emitter));
    doc.join("\n")
}

/// How to send the request, and what comes back.
fn sending(e: &Endpoint, emitter: &Emitter<'_>, paths: &Paths) -> String {
    let says_more = emitter.spec.job_says_more(e);
    let method = |name: &str| paths.client_item(&format!("Client::{name}"));
    let how = match (emitter.target, e.response.job) {
        (Target::Crate, _) => format!(
            "Send it with `Client::{}` or {}.",
            ident_text(&e.method_name),
            method("send")
        ),
        (Target::Extension, Some(_)) if says_more => {
            format!("Start it with {}.", method("start_returning"))
        }
        (Target::Extension, Some(_)) => format!("Start it with {}.", method("start")),
        (Target::Extension, None) => format!("Send it with {}.", method("send")),
    };
    let what = match e.response.job {
        Some(job) if says_more => format!(
            "The API does the work in a `{}` job: the call returns a [`Started`]({}), the job to \
             wait on and the whole response, which says more.",
            job.as_str(),
            paths.rt_doc("Started")
        ),
        Some(job) => format!(
            "The API does the work in a `{}` job: the call returns the [`Job`]({}) to wait on \
             with {}.",
            job.as_str(),
            paths.rt_doc("Job"),
            method("wait_for_job")
        ),
        None => format!("The call returns {}.", output_doc(e, emitter, paths)),
    };
    format!("{how} {what}")
}

/// The doc example: build the request from the spec's examples and send it.
fn usage_example(e: &Endpoint, emitter: &Emitter<'_>) -> Vec<String> {
    let module: Vec<String> = e.module.iter().map(|m| ident_text(m)).collect();
    let ty = type_ident(&e.type_name).to_string();
    let krate = "sitehost";
    let mut names = vec![ty.clone()];
    group_names(&e.params, &mut names);
    let required: Vec<String> = e
        .params
        .iter()
        .filter(|p| p.required)
        .map(|p| example_expr(p, krate).unwrap_or_default())
        .collect();
    let mut call = format!("{ty}::new({})", required.join(", "));
    for p in e.params.iter().filter(|p| !p.required) {
        if let Some(value) = example_expr(p, krate) {
            call.push_str(&format!("\n    .{}({value})", ident_text(&p.field)));
        }
    }
    let import = if names.len() == 1 {
        names[0].clone()
    } else {
        format!("{{{}}}", names.join(", "))
    };
    let prefix: String = module.iter().map(|m| format!("{m}::")).collect();
    // An extension's example is not compiled: the module the user includes
    // the code in is not known here.
    let says_more = emitter.spec.job_says_more(e);
    let (fence, method, import) = match emitter.target {
        Target::Extension => (
            "```ignore",
            match e.response.job {
                Some(_) if says_more => "start_returning",
                Some(_) => "start",
                None => "send",
            }
            .to_owned(),
            format!("use api::{prefix}{import};"),
        ),
        Target::Crate => (
            "```no_run",
            ident_text(&e.method_name),
            format!("use {krate}::api::{prefix}{import};"),
        ),
    };
    let mut lines = vec![
        fence.to_owned(),
        format!("# async fn example(client: &{krate}::Client) -> Result<(), {krate}::Error> {{"),
        import,
        String::new(),
        format!("let request = {call};"),
    ];
    if e.response.job.is_some() && says_more {
        lines.push(format!("let started = client.{method}(&request).await?;"));
        lines.push("println!(\"{:?}\", started.response);".to_owned());
        lines.push("let finished = client.wait_for_job(&started.job).await?;".to_owned());
        lines.push("println!(\"{finished:?}\");".to_owned());
    } else if e.response.job.is_some() {
        lines.push(format!("let job = client.{method}(&request).await?;"));
        lines.push("let finished = client.wait_for_job(&job).await?;".to_owned());
        lines.push("println!(\"{finished:?}\");".to_owned());
    } else if e.response.paging.is_some() {
        lines.push("// One page:".to_owned());
        lines.push(format!("let page = client.{method}(&request).await?;"));
        lines.push("println!(\"{} of {}\", page.data.len(), page.total_items);".to_owned());
        lines.push("// Every item, fetching pages as needed:".to_owned());
        lines.push("use futures_util::TryStreamExt;".to_owned());
        lines.push("let all: Vec<_> = client.items(&request).try_collect().await?;".to_owned());
        lines.push("println!(\"{}\", all.len());".to_owned());
    } else {
        lines.push(format!("let response = client.{method}(&request).await?;"));
        lines.push("println!(\"{response:?}\");".to_owned());
    }
    lines.push("# Ok(())".to_owned());
    lines.push("# }".to_owned());
    lines.push("```".to_owned());
    lines
}

fn group_names(params: &[Param], out: &mut Vec<String>) {
    for p in params {
        if let Some(group) = p.group() {
            out.push(group.type_name.clone());
            group_names(&group.members, out);
        }
    }
}

/// A Rust expression of the parameter's example, for doc examples: `None`
/// for an optional parameter without one.
fn example_expr(p: &Param, krate: &str) -> Option<String> {
    let scalar = |e: &Example| match (e, &p.ty) {
        (Example::Text(s), ValueType::Enum(name)) => {
            format!("{krate}::enums::{name}::{}", variant_of(s))
        }
        (Example::Text(s), ValueType::JobType) => {
            format!("{krate}::JobType::{}", variant_of(s))
        }
        (Example::Text(s), _) => format!("{s:?}"),
        (Example::Integer(n), _) => n.to_string(),
        (Example::Boolean(b), _) => b.to_string(),
    };
    let placeholder = || match &p.ty {
        ValueType::Integer => "0".to_owned(),
        ValueType::Boolean => "false".to_owned(),
        ValueType::JobType => format!("{krate}::JobType::Scheduler"),
        ValueType::Enum(name) => format!("{krate}::enums::{name}::ALL[0]"),
        _ => "\"…\"".to_owned(),
    };
    if let Some(group) = p.group() {
        let args: Vec<String> = group
            .members
            .iter()
            .filter(|m| m.required)
            .map(|m| example_expr(m, krate).unwrap_or_default())
            .collect();
        let mut expr = format!("{}::new({})", group.type_name, args.join(", "));
        let mut any = !args.is_empty();
        for m in group.members.iter().filter(|m| !m.required) {
            if let Some(value) = example_expr(m, krate) {
                expr.push_str(&format!(".{}({value})", ident_text(&m.field)));
                any = true;
            }
        }
        let expr = if p.list.is_some() {
            format!("[{expr}]")
        } else {
            expr
        };
        let expr = if p.map.is_some() {
            format!("[(\"key\", {expr})]")
        } else {
            expr
        };
        return (any || p.required).then_some(expr);
    }
    if p.map.is_some() {
        if p.example_map.is_empty() {
            return p
                .required
                .then(|| format!("[(\"key\", {})]", list_or_one(p, vec![placeholder()])));
        }
        let entries: Vec<String> = p
            .example_map
            .iter()
            .map(|(k, v)| {
                let values = v.iter().map(scalar).collect();
                format!("({k:?}, {})", list_or_one(p, values))
            })
            .collect();
        return Some(format!("[{}]", entries.join(", ")));
    }
    let values: Vec<String> = if p.example.is_empty() {
        if !p.required {
            return None;
        }
        vec![placeholder()]
    } else {
        p.example.iter().map(scalar).collect()
    };
    if p.or_auto {
        return Some(if values.len() == 1 && values[0] == "\"auto\"" {
            format!("{krate}::OrAuto::Auto")
        } else {
            format!("{krate}::OrAuto::list([{}])", values.join(", "))
        });
    }
    Some(list_or_one(p, values))
}

fn list_or_one(p: &Param, values: Vec<String>) -> String {
    if p.list.is_some() {
        format!("[{}]", values.join(", "))
    } else {
        values.into_iter().next().unwrap_or_default()
    }
}

/// The Rust variant of an enum value (`power_on` is `PowerOn`).
pub fn variant_of(value: &str) -> String {
    crate::model::snake_case(&value.to_ascii_lowercase())
        .map(|s| crate::model::pascal_case(&s))
        .unwrap_or_default()
}
