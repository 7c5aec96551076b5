//! `api/<module>.rs`: one request type per endpoint under the module: the
//! struct, its constructor and setters, its `Request` implementation (the
//! endpoint's description as data, and its ordered encoding), its groups,
//! and the traits that jobs and paging need.

use super::code::Code;
use super::layout::Expr;
use super::rust::{Paths, Ty, ident, type_ident};
use super::{Emitter, docs, metadata, params};
use crate::model::{Endpoint, FieldType, ValueType};

/// The file of the request types of `endpoints` (one module's).
pub fn file(emitter: &Emitter<'_>, endpoints: &[&Endpoint], paths: &Paths) -> Result<Code, String> {
    let mut code = Code::new();
    for e in endpoints {
        request(&mut code, e, emitter, paths)?;
    }
    Ok(code)
}

fn request(
    code: &mut Code,
    e: &Endpoint,
    emitter: &Emitter<'_>,
    paths: &Paths,
) -> Result<(), String> {
    let name = type_ident(&e.type_name).to_string();
    let required = params::required_names(&e.params);
    let new_doc = if required.is_empty() {
        "Creates the request; set optional parameters with the setters.".to_owned()
    } else {
        format!(
            "Creates the request from its required parameters ({}), in the order the API lists \
             them.",
            required.join(", ")
        )
    };
    let doc = docs::request_doc(e, emitter, paths);
    params::Struct {
        name: &name,
        doc: &doc,
        new_doc: &new_doc,
        derives: "Debug, Clone, PartialEq, Eq",
        params: &e.params,
        prefix: "",
    }
    .write(code, emitter, paths)?;

    code.blank();
    code.open(&format!("impl {} for {name}", paths.rt("Request")));
    code.line(&format!(
        "type Output = {};",
        output_type(e, emitter, paths)?.text()?
    ));
    code.blank();
    code.assign(
        &format!("const ENDPOINT: &'static {} =", paths.rt("Endpoint")),
        &metadata::endpoint(e, emitter, paths)?.by_ref(),
    );
    code.blank();
    code.line("#[inline]");
    let form = format!(
        "{}: &mut {}<'_>",
        params::form_arg(&e.params),
        paths.rt("Form")
    );
    code.open_fn("fn encode", &["&self".to_owned(), form], None);
    params::encode_body(code, &e.params, paths);
    code.close("");
    code.close("");

    if let Some(job) = e.response.job {
        code.blank();
        code.open(&format!("impl {} for {name}", paths.rt("StartsJob")));
        code.line(&format!(
            "const JOB_TYPE: {} = {};",
            paths.rt("JobType"),
            metadata::job_type(job, paths)
        ));
        code.close("");
    }
    paged(code, e, emitter, paths)?;
    if emitter
        .spec
        .job_poll()
        .is_some_and(|poll| poll.path == e.path)
    {
        poll(code, e, paths);
    }
    params::groups(code, &e.params, "", &e.type_name, emitter, paths)
}

/// The type of `return`: what the client method gives back.
pub fn output_type(e: &Endpoint, emitter: &Emitter<'_>, paths: &Paths) -> Result<Ty, String> {
    let r = &e.response;
    if r.empty {
        return Ok(Ty::tuple(Vec::new()));
    }
    let json = || Ty::path(&format!("{}::Value", paths.serde_json()));
    let item = match (&r.shape, &r.scalar) {
        (Some(shape), _) => Ty::path(&emitter.shape_path(shape, paths))?,
        (None, Some(ty)) => scalar_type(ty).map_or_else(json, Ok)?,
        (None, None) if r.paging.is_some() => json()?,
        (None, None) => return json(),
    };
    if r.paging.is_some() {
        return Ty::generic(&paths.rt("Page"), vec![item]);
    }
    let mut ty = if r.list {
        Ty::generic("Vec", vec![item])?
    } else {
        item
    };
    for _ in 0..r.depth {
        ty = Ty::generic(&paths.rt("KeyedMap"), vec![ty])?;
    }
    Ok(ty)
}

/// The Rust type of a scalar `return`; `None` for JSON.
fn scalar_type(ty: &FieldType) -> Option<Ty> {
    let name = match ty {
        FieldType::String => "String",
        FieldType::Integer => "i64",
        FieldType::Boolean => "bool",
        FieldType::Number => "f64",
        FieldType::Json | FieldType::Shape(_) => return None,
    };
    Ty::path(name).ok()
}

/// `Paged`: reads and sets the page number through the groups that hold it.
fn paged(
    code: &mut Code,
    e: &Endpoint,
    emitter: &Emitter<'_>,
    paths: &Paths,
) -> Result<(), String> {
    let Some(paging) = &e.response.paging else {
        return Ok(());
    };
    let name = type_ident(&e.type_name);
    let item = match &e.response.shape {
        Some(shape) => emitter.shape_path(shape, paths),
        None => format!("{}::Value", paths.serde_json()),
    };
    let (last, groups) = paging
        .number_fields
        .split_last()
        .ok_or("internal error: a page number without a parameter")?;
    let mut read = String::from("self");
    let mut writes = Vec::new();
    let mut level = &e.params;
    let mut current = String::from("next");
    for (i, field) in groups.iter().enumerate() {
        let p = level
            .iter()
            .find(|p| &p.field == field)
            .ok_or("internal error: a page number's group is not a parameter")?;
        let ValueType::Group(group) = &p.ty else {
            return Err("internal error: a page number's group is not a group".to_owned());
        };
        let f = ident(field);
        let var = format!("g{i}");
        let ty = type_ident(&group.type_name);
        if p.required {
            read = format!("{read}.{f}");
            writes.push(format!("let {var} = &mut {current}.{f};"));
        } else {
            read = format!("{read}.{f}.as_ref()?");
            writes.push(format!(
                "let {var} = {current}.{f}.get_or_insert_with({ty}::new);"
            ));
        }
        current = var;
        level = &group.members;
    }
    let last = ident(last);
    code.blank();
    code.open(&format!("impl {} for {name}", paths.rt("Paged")));
    code.line(&format!("type Item = {item};"));
    code.blank();
    code.open("fn page_number(&self) -> Option<i64>");
    code.line(&format!("{read}.{last}"));
    code.close("");
    code.blank();
    code.open("fn with_page_number(&self, number: i64) -> Self");
    code.line("let mut next = self.clone();");
    for w in &writes {
        code.line(w);
    }
    code.line(&format!("{current}.{last} = Some(number);"));
    code.line("next");
    code.close("");
    code.close("");
    Ok(())
}

/// `PollJob` for the job endpoint: its ID and type parameters, by spec.
fn poll(code: &mut Code, e: &Endpoint, paths: &Paths) {
    let name = type_ident(&e.type_name);
    let required: Vec<_> = e.params.iter().filter(|p| p.required).collect();
    let id = required
        .iter()
        .find(|p| p.ty == ValueType::Integer)
        .map(|p| p.name.as_str())
        .unwrap_or_default();
    let kind = required
        .iter()
        .find(|p| matches!(p.ty, ValueType::JobType | ValueType::String))
        .map(|p| p.name.as_str())
        .unwrap_or_default();
    let args: Vec<Expr> = required
        .iter()
        .map(|p| {
            Expr::text(match p.ty {
                ValueType::Integer => "job.id",
                ValueType::String => "job.job_type.as_str()",
                _ => "job.job_type",
            })
        })
        .collect();
    code.blank();
    code.open(&format!("impl {} for {name}", paths.rt("PollJob")));
    code.line(&format!("const ID_PARAM: &'static str = {id:?};"));
    code.line(&format!("const TYPE_PARAM: &'static str = {kind:?};"));
    code.blank();
    code.open_fn(
        "fn for_job",
        &[format!("job: &{}", paths.rt("Job"))],
        Some("Option<Self>"),
    );
    code.expr(&Expr::call("Some", vec![Expr::call("Self::new", args)]), "");
    code.close("");
    code.close("");
}
