//! The documentation of a request type: summary, URL, a table of every wire
//! parameter (group members and list items included), the documented
//! response and a usage example built from the spec's examples.

use super::params::{example_expr, wire_template};
use super::{CRATE, DOC_BASE_URL, ident_text, module_prefix, prose};
use crate::model::{Endpoint, Example, Method, Param, ValueType};

pub fn url(e: &Endpoint) -> String {
    format!("{DOC_BASE_URL}/{}{}.json", e.version, e.path)
}

/// `Client::<method>` in docs: a link where the code is compiled with the
/// client in reach (the client methods, a user's crate), else its name. The
/// request types of the crate itself are in sitehost-types, which has no
/// client: the `sitehost` crate shows them, unchanged, as its own.
pub fn client_method(method: &str, link: bool) -> String {
    if link {
        format!("[`Client::{method}`](crate::Client::{method})")
    } else {
        format!("`Client::{method}`")
    }
}

/// What `Client::<method>` returns, in words; `link`: as [`client_method`].
pub fn output_doc(e: &Endpoint, link: bool) -> String {
    let r = &e.response;
    let items = client_method("items", link);
    match (&r.shape, r.list, &r.paging) {
        _ if r.empty => "nothing (`()`): the API sends no `return`".to_owned(),
        (Some(s), _, Some(_)) => format!(
            "one [`Page`](crate::Page) of [`{s}`](crate::shapes::{s}); {items} walks every page"
        ),
        (None, _, Some(_)) => {
            format!("one [`Page`](crate::Page) of items kept as JSON; {items} walks every page")
        }
        (None, _, _) => {
            "the `return` value as JSON (the reference does not document its shape)".to_owned()
        }
        (Some(s), _, None) if r.map => format!(
            "a [`KeyedMap`](crate::KeyedMap) of [`{s}`](crate::shapes::{s}), an object keyed by data"
        ),
        (Some(s), false, None) => format!("[`{s}`](crate::shapes::{s})"),
        (Some(s), true, None) => format!("a list of [`{s}`](crate::shapes::{s})"),
    }
}

fn example_text(example: &[Example]) -> String {
    example
        .iter()
        .map(|e| match e {
            Example::Text(s) => format!("`{}`", s.replace('\n', "\\n").replace('`', "'")),
            Example::Integer(n) => format!("`{n}`"),
            Example::Boolean(b) => format!("`{b}`"),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn type_text(p: &Param) -> String {
    let base = match &p.ty {
        ValueType::Enum(name) => format!("[`{name}`](crate::enums::{name})"),
        ValueType::JobType => "[`JobType`](crate::JobType)".to_owned(),
        other => other.spec_name(),
    };
    match (p.map.is_some(), p.list.is_some(), p.or_auto) {
        (true, true, _) => format!("map of lists of {base}"),
        (true, false, _) => format!("map of {base}"),
        (false, true, true) => format!("list of {base}, or `auto`"),
        (false, true, false) => format!("list of {base}"),
        (false, false, _) => base,
    }
}

/// Table rows for `params` under `prefix`, group members below their group.
fn rows(params: &[Param], prefix: &str, out: &mut Vec<String>) {
    for p in params {
        let wire = wire_template(prefix, p);
        if let Some(group) = p.group() {
            out.push(format!(
                "| `{wire}` | {} | {} | {} |",
                if p.list.is_some() {
                    "list of groups"
                } else {
                    "group"
                },
                if p.required { "yes" } else { "no" },
                prose(&p.description)
            ));
            rows(&group.members, &wire, out);
            continue;
        }
        let mut description = prose(&p.description);
        if !p.example.is_empty() {
            description.push_str(&format!(" Example: {}", example_text(&p.example)));
        }
        for (key, values) in &p.example_map {
            description.push_str(&format!(" Example: `{}` → {}", key, example_text(values)));
        }
        if let ValueType::Enum(name) = &p.ty {
            description.push_str(&format!(" One of [`{name}`](crate::enums::{name})."));
        }
        out.push(format!(
            "| `{wire}` | {} | {} | {description} |",
            type_text(p),
            if p.required { "yes" } else { "no" },
        ));
    }
}

/// `says_more`: the job's response says more than the job
/// ([`Spec::job_says_more`](crate::model::Spec::job_says_more)).
pub fn request_doc(e: &Endpoint, says_more: bool) -> Vec<String> {
    let method_name = ident_text(&e.method_name);
    let mut doc = vec![prose(&e.summary), String::new()];
    if let Some(description) = &e.description {
        doc.push(prose(description));
        doc.push(String::new());
    }
    doc.push(format!("`{} {}`", e.method.as_str(), url(e)));
    doc.push(String::new());
    if e.source == crate::model::Provenance::OfficialSdk {
        doc.push(
            "No reference page documents this endpoint: its version, parameters and their \
             order are those the official Go SDK sends."
                .to_owned(),
        );
        doc.push(String::new());
    }
    let link = super::for_extension();
    if link && e.response.job.is_some() {
        let start = if says_more {
            "start_returning"
        } else {
            "start"
        };
        doc.push(format!("Start it with {}.", client_method(start, link)));
    } else if link {
        doc.push(format!("Send it with {}.", client_method("send", link)));
    } else {
        doc.push(format!(
            "Send it with {} or {}.",
            client_method(&method_name, link),
            client_method("send", link)
        ));
    }
    if let Some(job) = e.response.job.filter(|_| says_more) {
        doc.push(format!(
            "The API does the work in a `{}` job: the call returns a \
             [`Started`](crate::Started), the [`Job`](crate::Job) to wait on with {} and the \
             whole response, which says more.",
            job.as_str(),
            client_method("wait_for_job", link)
        ));
    } else if let Some(job) = e.response.job {
        doc.push(format!(
            "The API does the work in a `{}` job: the call returns a [`Job`](crate::Job) to \
             wait on with {}.",
            job.as_str(),
            client_method("wait_for_job", link)
        ));
    } else {
        doc.push(format!("The call returns {}.", output_doc(e, link)));
    }
    doc.push(String::new());
    doc.push("# Parameters".to_owned());
    doc.push(String::new());
    if e.params.is_empty() {
        doc.push("None besides `apikey`, which the client sends.".to_owned());
    } else {
        doc.push(format!(
            "Sent in this order, after `apikey`, as {}; a list's or map's entries one after \
             another, a group's members after its name:",
            match e.method {
                Method::Get => "a query string",
                Method::Post => "a form body",
            }
        ));
        doc.push(String::new());
        doc.push("| Parameter | Type | Required | Description |".to_owned());
        doc.push("|---|---|---|---|".to_owned());
        rows(&e.params, "", &mut doc);
    }
    doc.push(String::new());
    doc.push("# Response".to_owned());
    doc.push(String::new());
    match &e.response.example {
        Some(example) => {
            doc.push("```json".to_owned());
            doc.extend(example.lines().map(str::to_owned));
            doc.push("```".to_owned());
        }
        None if e.response.shape.is_some() => doc.push(format!(
            "The reference shows no example; the official SDK decodes `return` as {}.",
            output_doc(e, super::for_extension())
        )),
        None if e.response.job.is_some() => doc.push(
            "The reference shows no example; the official SDK reads the job it started.".to_owned(),
        ),
        None => doc.push(
            "The reference does not show this endpoint's response; `return` is kept as JSON."
                .to_owned(),
        ),
    }
    doc.push(String::new());
    doc.push("# Example".to_owned());
    doc.push(String::new());
    doc.extend(usage_example(e, says_more));
    doc
}

/// The doc example: build the request from the spec's examples and send it.
fn usage_example(e: &Endpoint, says_more: bool) -> Vec<String> {
    let module: Vec<String> = e.module.iter().map(|m| ident_text(m)).collect();
    let ty = super::type_ident(&e.type_name).to_string();
    let mut names = vec![ty.clone()];
    group_names(&e.params, &mut names);
    let required: Vec<String> = e
        .params
        .iter()
        .filter(|p| p.required)
        .map(|p| example_expr(p, CRATE).unwrap_or_default())
        .collect();
    let mut call = format!("{ty}::new({})", required.join(", "));
    for p in e.params.iter().filter(|p| !p.required) {
        if let Some(value) = example_expr(p, CRATE) {
            call.push_str(&format!("\n    .{}({value})", ident_text(&p.field)));
        }
    }
    let import = if names.len() == 1 {
        names[0].clone()
    } else {
        format!("{{{}}}", names.join(", "))
    };
    // An extension's example is not compiled: the module the user includes
    // the code in is not known here.
    let (fence, method, import) = if super::for_extension() {
        (
            "```ignore",
            match e.response.job {
                Some(_) if says_more => "start_returning",
                Some(_) => "start",
                None => "send",
            }
            .to_owned(),
            format!("use api::{}{import};", module_prefix(&module)),
        )
    } else {
        (
            "```no_run",
            ident_text(&e.method_name),
            format!("use {CRATE}::api::{}{import};", module_prefix(&module)),
        )
    };
    let mut lines = vec![
        fence.to_owned(),
        format!("# async fn example(client: &{CRATE}::Client) -> Result<(), {CRATE}::Error> {{"),
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
