//! `shapes.rs`: the response shapes, structs decoded by the policy of the
//! runtime's `loose` module, each with its fields as data (`SHAPE`); and the
//! job traits of the shapes that name a job or report on one.

use super::areas::Gate;
use super::code::Code;
use super::layout::Expr;
use super::rust::{Paths, Ty, ident, prose, string_literal, type_ident};
use super::{Emitter, metadata};
use crate::model::{Field, FieldType, JobRefForm, Shape};

/// The file of these shapes.
pub fn file(emitter: &Emitter<'_>, shapes: &[&Shape], paths: &Paths) -> Result<Code, String> {
    let mut code = Code::new();
    for shape in shapes {
        shape_type(&mut code, shape, emitter, paths)?;
    }
    Ok(code)
}

/// The Rust type of a field's single value.
fn base(field: &Field, emitter: &Emitter<'_>, paths: &Paths) -> Result<Ty, String> {
    match &field.ty {
        FieldType::String => Ty::path("String"),
        FieldType::Integer => Ty::path("i64"),
        FieldType::Boolean => Ty::path("bool"),
        FieldType::Number => Ty::path("f64"),
        FieldType::Json => Ty::path(&format!("{}::Value", paths.serde_json())),
        FieldType::Shape(s) => Ty::path(&emitter.sibling_shape(s, paths)),
    }
}

/// The field's Rust type: its value, in a list, in maps, or optional.
fn field_type(field: &Field, emitter: &Emitter<'_>, paths: &Paths) -> Result<Ty, String> {
    let mut ty = base(field, emitter, paths)?;
    if field.list {
        ty = Ty::generic("Vec", vec![ty])?;
    }
    for _ in 0..field.depth {
        ty = Ty::generic(
            "::std::collections::BTreeMap",
            vec![Ty::path("String")?, ty],
        )?;
    }
    if field.optional && !field.list && !field.map {
        ty = Ty::generic("Option", vec![ty])?;
    }
    Ok(ty)
}

fn shape_type(
    code: &mut Code,
    shape: &Shape,
    emitter: &Emitter<'_>,
    paths: &Paths,
) -> Result<(), String> {
    let name = type_ident(&shape.name).to_string();
    let extra = crate::validate::EXTRA_FIELD;
    code.blank();
    code.doc(&prose(&shape.description));
    let gate = emitter.areas.shape(&shape.name);
    let gate = gate.as_ref();
    code.gate(gate);
    code.line("#[derive(Debug, Clone, PartialEq, Default)]");
    code.line("#[non_exhaustive]");
    code.open(&format!("pub struct {name}"));
    for field in &shape.fields {
        let mut text = prose(&field.description);
        if field.optional {
            text.push_str(if field.list || field.map {
                "\n\nEmpty when the API leaves it out."
            } else {
                "\n\n`None` when the API leaves it out or sends null."
            });
        }
        code.doc(&text);
        code.line(&format!(
            "pub {}: {},",
            ident(&field.field),
            field_type(field, emitter, paths)?.text()?
        ));
    }
    code.line(&format!("{extra}: {},", paths.rt("loose::Extra")));
    code.close("");

    code.blank();
    code.cfg(gate);
    code.open(&format!("impl {name}"));
    code.doc(&format!(
        "The fields of `{}` as data: JSON keys, types, descriptions.",
        shape.name
    ));
    code.assign(
        &format!("pub const SHAPE: {} =", paths.rt("ShapeInfo")),
        &shape_info(shape, emitter, paths),
    );
    code.blank();
    code.doc(
        "The fields the API sent that this shape does not declare, and the declared ones whose \
         value did not fit their type, as JSON: nothing the API sends is lost.",
    );
    code.open(&format!(
        "pub fn extra(&self) -> &{}",
        paths.rt("loose::Extra")
    ));
    code.line(&format!("&self.{extra}"));
    code.close("");
    code.close("");

    deserialize(code, shape, gate, paths);
    code.blank();
    code.cfg(gate);
    code.line(&format!(
        "impl {} for {name} {{}}",
        paths.rt("loose::Shape")
    ));
    job_reference(code, shape, gate, emitter, paths);
    let reports = emitter
        .spec
        .job_poll()
        .and_then(|poll| poll.response.shape.as_deref())
        == Some(shape.name.as_str());
    if reports {
        job_progress(code, shape, gate, emitter, paths);
    }
    Ok(())
}

/// `Deserialize`: each field read by its JSON key through its wire form.
fn deserialize(code: &mut Code, shape: &Shape, gate: Option<&Gate>, paths: &Paths) {
    let serde = paths.serde();
    let name = type_ident(&shape.name).to_string();
    let extra = crate::validate::EXTRA_FIELD;
    code.blank();
    code.cfg(gate);
    code.open(&format!("impl<'de> {serde}::Deserialize<'de> for {name}"));
    code.open_fn(
        &format!("fn deserialize<D: {serde}::Deserializer<'de>>"),
        &["deserializer: D".to_owned()],
        Some("Result<Self, D::Error>"),
    );
    code.assign(
        "let mut object =",
        &Expr::text(format!(
            "{}::read(deserializer, {:?})?",
            paths.rt("loose::Object"),
            shape.name
        )),
    );
    // A job reference that holds neither form reads as empty too: the
    // client's `start` then reports that the response names no job.
    code.open("Ok(Self");
    for field in &shape.fields {
        // Each field is read as the type of its Rust field.
        let method = match (field.optional, field.list || field.map) {
            (false, _) => "required",
            (true, false) => "optional",
            (true, true) => "optional_or_empty",
        };
        let read = Expr::text("object").then(method, vec![Expr::text(format!("{:?}", field.name))]);
        let prefix = format!("{}:", ident(&field.field));
        let text = read.layout(code.indent(), code.indent() + prefix.len() + 1, 1);
        code.laid_out(&format!("{prefix} {text},"));
    }
    code.line(&format!("{extra}: object.rest(),"));
    code.close(")");
    code.close("");
    code.close("");
}

/// `ShapeInfo::new(...)`: the shape's fields as data.
fn shape_info(shape: &Shape, emitter: &Emitter<'_>, paths: &Paths) -> Expr {
    let fields = shape
        .fields
        .iter()
        .map(|field| {
            let mut info = Expr::call(
                paths.rt("FieldInfo::new"),
                vec![
                    Expr::text(string_literal(&field.name)),
                    Expr::text(metadata::field_kind(&field.ty, paths, &|name| {
                        emitter.sibling_shape(name, paths)
                    })),
                    Expr::text(string_literal(&prose(&field.description))),
                ],
            );
            if field.list {
                info = info.then("list", vec![]);
            }
            if field.map {
                info = info.then("map", vec![Expr::text(field.depth.to_string())]);
            }
            if field.optional {
                info = info.then("optional", vec![]);
            }
            info
        })
        .collect();
    Expr::call(
        paths.rt("ShapeInfo::new"),
        vec![
            Expr::text(string_literal(&shape.name)),
            Expr::text(string_literal(&prose(&shape.description))),
            Expr::Array(fields).by_ref(),
        ],
    )
}

/// `JobReference` for the shapes that job-starting endpoints return; their
/// form was checked by validation.
fn job_reference(
    code: &mut Code,
    shape: &Shape,
    gate: Option<&Gate>,
    emitter: &Emitter<'_>,
    paths: &Paths,
) {
    let starts_job = emitter
        .spec
        .endpoints
        .iter()
        .any(|e| e.response.job.is_some() && e.response.shape.as_deref() == Some(&shape.name));
    if !starts_job {
        return;
    }
    let all: Vec<&Shape> = emitter.spec.shapes.iter().collect();
    let Some(form) = shape.job_reference(&all) else {
        return;
    };
    let name = type_ident(&shape.name);
    code.blank();
    code.cfg(gate);
    code.open(&format!("impl {} for {name}", paths.rt("JobReference")));
    let (id, job_type) = match form {
        JobRefForm::JobId => ("self.job_id".to_owned(), None),
        JobRefForm::Object { type_field } => (
            "self.job.id".to_owned(),
            Some(match type_field {
                None => "None",
                Some(false) => "Some(&self.job.r#type)",
                Some(true) => "self.job.r#type.as_deref()",
            }),
        ),
        // Decoding saw to it that one of the two is there.
        JobRefForm::Either { type_field } => (
            String::new(),
            Some(match type_field {
                None => "None",
                Some(false) => "self.job.as_ref().map(|job| job.r#type.as_str())",
                Some(true) => "self.job.as_ref().and_then(|job| job.r#type.as_deref())",
            }),
        ),
    };
    code.open("fn job_id(&self) -> i64");
    if id.is_empty() {
        code.open("match &self.job");
        code.line("Some(job) => job.id,");
        code.line("None => self.job_id.unwrap_or_default(),");
        code.close("");
    } else {
        code.line(&id);
    }
    code.close("");
    if let Some(job_type) = job_type {
        code.blank();
        code.open("fn job_type(&self) -> Option<&str>");
        code.line(job_type);
        code.close("");
    }
    code.close("");
}

/// `JobProgress` for the job endpoint's shape: `state`, and `message` where
/// the shape has one, and its log's last entry.
fn job_progress(
    code: &mut Code,
    shape: &Shape,
    gate: Option<&Gate>,
    emitter: &Emitter<'_>,
    paths: &Paths,
) {
    let name = type_ident(&shape.name);
    code.blank();
    code.cfg(gate);
    code.open(&format!("impl {} for {name}", paths.rt("JobProgress")));
    code.open("fn state(&self) -> &str");
    code.line("&self.state");
    code.close("");
    if let Some(f) = shape.field("message") {
        code.blank();
        code.open("fn message(&self) -> Option<&str>");
        code.line(if f.optional {
            "self.message.as_deref()"
        } else {
            "Some(&self.message)"
        });
        code.close("");
    }
    // The last log entry's text, where the shape has a log of entries with one.
    let entry_message = shape
        .field("logs")
        .filter(|f| f.list)
        .and_then(|f| match &f.ty {
            FieldType::Shape(entry) => emitter.spec.shape(entry),
            _ => None,
        })
        .and_then(|entry| entry.field("message"))
        .filter(|m| m.ty == FieldType::String && !m.list && !m.map);
    if let Some(m) = entry_message {
        let text = if m.optional {
            "entry.message.as_deref()"
        } else {
            "Some(entry.message.as_str())"
        };
        code.blank();
        code.open("fn last_log(&self) -> Option<&str>");
        code.line(&format!("self.logs.last().and_then(|entry| {text})"));
        code.close("");
        code.blank();
        code.open("fn log_messages(&self) -> Vec<&str>");
        let messages = Expr::text("self.logs")
            .then("iter", vec![])
            .then("filter_map", vec![Expr::text(format!("|entry| {text}"))])
            .then("collect", vec![]);
        code.expr(&messages, "");
        code.close("");
    }
    code.close("");
}
