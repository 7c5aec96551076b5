//! `sitehost-codegen infer`: from a captured response to the spec's YAML for
//! its `return`, so that a user with an account can type an endpoint the
//! reference does not show the response of.
//!
//! The types are the API's loose ones: numeric text is an `integer` (or a
//! `number`), `"0"`/`"1"` under a flag's name (`is_…`, `has_…`, `…_enabled`)
//! a `boolean`, a field missing or null in some items `optional`. An object
//! whose keys are data (IP addresses, dotted label names) is a `map`. A
//! `return` naming a job is `JobStarted`; a page
//! (`{total_items, …, data: […]}`) is `paged`.

use crate::model::{pascal_case, snake_case};
use serde_json::{Map, Value};
use std::fmt::Write;

/// What to call the shapes.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct InferOptions {
    /// The name of the top shape (of each item, for a list or page).
    pub name: String,
}

impl InferOptions {
    /// Options that call the top shape `name`.
    pub fn named(name: impl Into<String>) -> Self {
        InferOptions { name: name.into() }
    }
}

impl Default for InferOptions {
    fn default() -> Self {
        InferOptions {
            name: "Captured".to_owned(),
        }
    }
}

/// The YAML of a response (`response:` and `shapes:`) for a captured body:
/// a whole envelope, or the value of its `return`.
///
/// # Errors
///
/// A body that is not JSON, a refusal (`status: false`), or a `return` the
/// spec cannot type (a scalar, null, a list of scalars): the text says which.
pub fn infer(body: &str, options: &InferOptions) -> Result<String, String> {
    let (envelope, value) = envelope(body)?;
    if !is_pascal(&options.name) {
        return Err(format!(
            "`{}` cannot name a shape: use PascalCase, such as `DnsRecord`",
            options.name
        ));
    }
    let mut shapes = Shapes::default();
    let response = response(&value, &options.name, &mut shapes)?;
    let example = serde_json::to_string(&envelope).unwrap_or_default();
    let mut out = String::from(
        "# Inferred from a captured response: check each type, mark `required: false`\n\
         # the fields the API may leave out, and describe them. The example is the\n\
         # captured response: remove anything secret from it.\n",
    );
    out.push_str(&response);
    out.push_str("  example: |\n    ");
    out.push_str(&example);
    out.push('\n');
    if !shapes.text.is_empty() {
        out.push_str("\nshapes:\n");
        out.push_str(&shapes.text);
    }
    Ok(out)
}

/// The whole envelope (made up around a bare `return`) and its `return`.
fn envelope(body: &str) -> Result<(Value, Value), String> {
    let value: Value =
        serde_json::from_str(body).map_err(|e| format!("the response is not JSON: {e}"))?;
    match value {
        Value::Object(object) if object.contains_key("status") => {
            let refused = matches!(object.get("status"), Some(Value::Bool(false)))
                || object.get("status").and_then(Value::as_str) == Some("0");
            if refused {
                return Err(format!(
                    "the response is a refusal (`status: false`, msg {}): capture a successful one",
                    object.get("msg").unwrap_or(&Value::Null)
                ));
            }
            let inner = object.get("return").cloned().unwrap_or(Value::Null);
            Ok((Value::Object(object), inner))
        }
        other => {
            let envelope =
                serde_json::json!({"return": other, "msg": "Successful", "status": true});
            Ok((envelope, other))
        }
    }
}

/// The `response:` lines for a `return`, with the shapes they name added
/// to `shapes`.
fn response(value: &Value, name: &str, shapes: &mut Shapes) -> Result<String, String> {
    let mut response = String::from("response:\n");
    match value {
        Value::Object(object) if job_reference(object) => {
            job_response(object, name, shapes, &mut response);
        }
        Value::Object(object) if is_page(object) => {
            let items = object_items(object.get("data"))
                .ok_or("the page's `data` holds no objects to type")?;
            shapes.shape(name, &items, false);
            writeln!(
                response,
                "  type: {name}\n  # Name the endpoint's own page parameters.\n  paged: {{number: \"filters[page_number]\", size: \"filters[page_size]\"}}"
            )
            .ok();
        }
        Value::Object(object) if !object.is_empty() && keys_are_data(object) => {
            let items: Vec<&Map<String, Value>> =
                object.values().filter_map(Value::as_object).collect();
            if items.len() != object.len() {
                return Err("`return` is keyed by data but its values are not objects".to_owned());
            }
            shapes.shape(name, &items, false);
            writeln!(response, "  type: {name}\n  map: true").ok();
        }
        Value::Object(object) => {
            shapes.shape(name, &[object], false);
            writeln!(response, "  type: {name}").ok();
        }
        Value::Array(items) => {
            let objects = object_items(Some(value)).ok_or_else(|| {
                if items.is_empty() {
                    "`return` is an empty list: capture one with items".to_owned()
                } else {
                    "`return` is a list of plain values, which the spec keeps untyped".to_owned()
                }
            })?;
            shapes.shape(name, &objects, false);
            writeln!(response, "  type: {name}\n  list: true").ok();
        }
        other => {
            return Err(format!(
                "`return` is {}, which the spec keeps untyped (no `type`)",
                match other {
                    Value::Null => "null".to_owned(),
                    v => format!("the plain value {v}"),
                }
            ));
        }
    }
    Ok(response)
}

/// A `return` that names a job: `JobStarted`, or a shape of its own when it
/// says more than the job; its job type when it gives one.
fn job_response(
    object: &Map<String, Value>,
    name: &str,
    shapes: &mut Shapes,
    response: &mut String,
) {
    let job_type = object
        .get("job")
        .and_then(|job| job.get("type"))
        .and_then(Value::as_str)
        .filter(|t| *t == "daemon" || *t == "scheduler");
    let others = object.keys().any(|k| k != "job" && k != "job_id");
    if others {
        shapes.shape(name, &[object], true);
        writeln!(response, "  type: {name}").ok();
    } else {
        response.push_str("  type: JobStarted\n");
    }
    match job_type {
        Some(t) => writeln!(response, "  job: {t}").ok(),
        None => writeln!(
            response,
            "  # The response does not say the job's type: `scheduler` for cloud \
             stack operations, else check.\n  job: scheduler"
        )
        .ok(),
    };
}

fn job_reference(object: &Map<String, Value>) -> bool {
    let job = object
        .get("job")
        .and_then(Value::as_object)
        .is_some_and(|job| job.get("id").is_some_and(is_integer));
    job || object.get("job_id").is_some_and(is_integer)
}

fn is_page(object: &Map<String, Value>) -> bool {
    ["total_items", "current_page", "total_pages"]
        .iter()
        .all(|k| object.get(*k).is_some_and(is_integer))
        && object.get("data").is_some_and(Value::is_array)
}

fn is_integer(v: &Value) -> bool {
    v.is_i64() || v.is_u64() || v.as_str().is_some_and(is_digits)
}

fn is_digits(s: &str) -> bool {
    let s = s.strip_prefix('-').unwrap_or(s);
    !s.is_empty() && s.len() < 19 && s.bytes().all(|b| b.is_ascii_digit())
}

fn is_decimal(s: &str) -> bool {
    let s = s.strip_prefix('-').unwrap_or(s);
    match s.split_once('.') {
        Some((a, b)) => is_digits(a) && is_digits(b),
        None => false,
    }
}

fn is_pascal(name: &str) -> bool {
    crate::validate::is_pascal(name)
}

/// Keys that cannot be field names (addresses, dotted names, numbers).
fn keys_are_data(object: &Map<String, Value>) -> bool {
    object.keys().all(|k| !is_field_name(k))
}

fn is_field_name(key: &str) -> bool {
    !key.contains(['.', '-']) && snake_case(key).is_some()
}

/// The objects of a list (`None` if it is not a non-empty list of objects).
fn object_items(value: Option<&Value>) -> Option<Vec<&Map<String, Value>>> {
    let items = value?.as_array()?;
    let objects: Vec<_> = items.iter().filter_map(Value::as_object).collect();
    (!objects.is_empty() && objects.len() == items.len()).then_some(objects)
}

/// The shapes written so far, as YAML.
#[derive(Default)]
struct Shapes {
    text: String,
    names: Vec<String>,
}

/// What one field's samples say of it.
#[derive(Default)]
struct Seen<'a> {
    values: Vec<&'a Value>,
    missing: bool,
}

impl Shapes {
    /// Writes shape `name`, from one or more samples of it, and the shapes of
    /// its nested objects after it.
    fn shape(&mut self, name: &str, samples: &[&Map<String, Value>], job: bool) {
        let name = self.unique(name);
        let mut order: Vec<&str> = Vec::new();
        let mut seen: Vec<Seen<'_>> = Vec::new();
        for sample in samples {
            for key in sample.keys() {
                if !order.contains(&key.as_str()) {
                    order.push(key);
                    seen.push(Seen::default());
                }
            }
        }
        for (i, key) in order.iter().enumerate() {
            for sample in samples {
                match sample.get(*key) {
                    Some(v) => seen[i].values.push(v),
                    None => seen[i].missing = true,
                }
            }
        }
        let mut text = format!(
            "  - name: {name}\n    description: \"What the API returns (inferred from a captured response).\"\n    fields:\n"
        );
        let mut nested = Vec::new();
        for (key, seen) in order.iter().zip(&seen) {
            if !is_field_name(key) {
                text.push_str(&format!(
                    "      # `{key}` cannot be a field name: read it with the shape's `extra()`.\n"
                ));
                continue;
            }
            let field = if job && *key == "job" {
                Field {
                    ty: "JobInfo".to_owned(),
                    optional: true,
                    ..Field::default()
                }
            } else if job && *key == "job_id" {
                Field {
                    ty: "integer".to_owned(),
                    optional: true,
                    ..Field::default()
                }
            } else {
                self.field(&name, key, seen, &mut nested)
            };
            let mut line = format!("      - {{name: {key}, type: {}", field.ty);
            if field.list {
                line.push_str(", list: true");
            }
            if field.map {
                line.push_str(", map: true");
            }
            if field.optional {
                line.push_str(", required: false");
            }
            line.push_str(&format!(", description: \"The `{key}` field.\"}}\n"));
            text.push_str(&line);
        }
        text.push('\n');
        self.text.push_str(&text);
        for (nested_name, samples) in nested {
            self.shape(&nested_name, &samples, false);
        }
    }

    /// A name not taken yet: `name`, else `name2`, `name3`...
    fn unique(&mut self, name: &str) -> String {
        let mut candidate = name.to_owned();
        let mut n = 2;
        while self.names.contains(&candidate) {
            candidate = format!("{name}{n}");
            n += 1;
        }
        self.names.push(candidate.clone());
        candidate
    }

    fn field<'a>(
        &mut self,
        parent: &str,
        key: &str,
        seen: &Seen<'a>,
        nested: &mut Vec<(String, Vec<&'a Map<String, Value>>)>,
    ) -> Field {
        let present: Vec<&Value> = seen
            .values
            .iter()
            .copied()
            .filter(|v| !v.is_null() && v.as_str() != Some(""))
            .collect();
        let optional = seen.missing || present.len() < seen.values.len();
        let child = format!(
            "{parent}{}",
            pascal_case(&snake_case(key).unwrap_or_default())
        );
        if !present.is_empty() && present.iter().all(|v| v.is_array()) {
            return list_field(key, child, &present, optional, nested);
        }
        if !present.is_empty() && present.iter().all(|v| v.is_object()) {
            return object_field(key, child, &present, optional, nested);
        }
        Field {
            ty: if present.is_empty() {
                "json".to_owned()
            } else {
                scalar_type(key, &present)
            },
            optional: optional || present.is_empty(),
            ..Field::default()
        }
    }
}

/// The type of a list's items or a map's values: a nested shape (`child`)
/// when all are objects, else a scalar type.
fn element_type<'a>(
    key: &str,
    child: String,
    values: &[&'a Value],
    nested: &mut Vec<(String, Vec<&'a Map<String, Value>>)>,
) -> String {
    if values.iter().all(|v| v.is_object()) {
        nested.push((
            child.clone(),
            values.iter().filter_map(|v| v.as_object()).collect(),
        ));
        child
    } else {
        scalar_type(key, values)
    }
}

/// A field whose values are lists: of objects, a list of a nested shape
/// (`child`); else of scalars.
fn list_field<'a>(
    key: &str,
    child: String,
    present: &[&'a Value],
    optional: bool,
    nested: &mut Vec<(String, Vec<&'a Map<String, Value>>)>,
) -> Field {
    let items: Vec<&Value> = present
        .iter()
        .flat_map(|v| v.as_array().into_iter().flatten())
        .collect();
    if items.is_empty() {
        return Field {
            ty: "json".to_owned(),
            list: true,
            optional: true,
            ..Field::default()
        };
    }
    Field {
        ty: element_type(key, child, &items, nested),
        list: true,
        optional,
        ..Field::default()
    }
}

/// A field whose values are objects: a map when their keys are data, JSON
/// when they cannot be field names, else a nested shape (`child`).
fn object_field<'a>(
    key: &str,
    child: String,
    present: &[&'a Value],
    optional: bool,
    nested: &mut Vec<(String, Vec<&'a Map<String, Value>>)>,
) -> Field {
    let objects: Vec<&Map<String, Value>> = present.iter().filter_map(|v| v.as_object()).collect();
    if objects.iter().all(|o| !o.is_empty() && keys_are_data(o)) {
        // Keyed by data: a map of whatever its values are.
        let values: Vec<&Value> = objects.iter().flat_map(|o| o.values()).collect();
        return Field {
            ty: element_type(key, child, &values, nested),
            map: true,
            optional,
            ..Field::default()
        };
    }
    if objects.iter().any(|o| o.keys().any(|k| !is_field_name(k))) {
        return Field {
            ty: "json".to_owned(),
            optional,
            ..Field::default()
        };
    }
    nested.push((child.clone(), objects));
    Field {
        ty: child,
        optional,
        ..Field::default()
    }
}

#[derive(Default)]
struct Field {
    ty: String,
    list: bool,
    map: bool,
    optional: bool,
}

/// The loosest spec type every value fits, from the API's loose forms.
fn scalar_type(key: &str, values: &[&Value]) -> String {
    let flag_name = key.starts_with("is_")
        || key.starts_with("has_")
        || key.starts_with("enable")
        || key.ends_with("_enabled");
    let all = |f: &dyn Fn(&Value) -> bool| values.iter().all(|v| f(v));
    let flag = |v: &Value| match v {
        Value::Bool(_) => true,
        Value::Number(n) => n.as_u64().is_some_and(|n| n <= 1),
        Value::String(s) => matches!(s.as_str(), "0" | "1" | "true" | "false"),
        _ => false,
    };
    if all(&|v| v.is_boolean()) || (flag_name && all(&flag)) {
        "boolean".to_owned()
    } else if all(&is_integer) {
        "integer".to_owned()
    } else if all(&|v| v.is_number() || v.as_str().is_some_and(|s| is_digits(s) || is_decimal(s))) {
        "number".to_owned()
    } else if all(&|v| v.is_string() || v.is_number() || v.is_boolean()) {
        "string".to_owned()
    } else {
        "json".to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(body: &str) -> String {
        infer(body, &InferOptions::default()).unwrap()
    }

    #[test]
    fn loose_scalars_get_loose_types() {
        let yaml = run(
            r#"{"return": {"id": "12", "price": "29.00", "is_missing": "0", "label": "x", "note": null, "n": 3}, "msg": "Successful", "status": true}"#,
        );
        assert!(yaml.contains("{name: id, type: integer,"), "{yaml}");
        assert!(yaml.contains("{name: price, type: number,"), "{yaml}");
        assert!(yaml.contains("{name: is_missing, type: boolean,"), "{yaml}");
        assert!(yaml.contains("{name: label, type: string,"), "{yaml}");
        assert!(
            yaml.contains("{name: note, type: json, required: false,"),
            "{yaml}"
        );
    }

    #[test]
    fn refusals_and_untypable_returns_are_errors() {
        let options = InferOptions::default();
        assert!(
            infer(
                r#"{"return": null, "msg": "No", "status": false}"#,
                &options
            )
            .is_err()
        );
        assert!(infer(r#"{"return": 5, "msg": "", "status": true}"#, &options).is_err());
        assert!(infer(r#"{"return": [], "msg": "", "status": true}"#, &options).is_err());
        assert!(infer("not json", &options).is_err());
        let bad = InferOptions {
            name: "lower".to_owned(),
        };
        assert!(infer("{}", &bad).is_err());
    }

    #[test]
    fn objects_keyed_by_data_are_maps() {
        let yaml = run(
            r#"{"192.0.2.1": {"ip_addr": "192.0.2.1"}, "192.0.2.2": {"ip_addr": "192.0.2.2"}}"#,
        );
        assert!(yaml.contains("  map: true"), "{yaml}");
        assert!(yaml.contains("{name: ip_addr, type: string,"), "{yaml}");
    }
}
