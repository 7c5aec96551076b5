//! Shapes: what `return` decodes into, field by field.

use super::{EXTRA_FIELD, FirstSeen, PRELUDE, Reporter, SourceFile, is_pascal};
use crate::diag::{At, Problems};
use crate::model::{Field, FieldType, Shape, snake_case};
use crate::raw;
use std::collections::{BTreeMap, HashMap};

/// The deepest map of maps a field or `return` may be.
pub const MAX_DEPTH: u8 = 4;

/// Checks the shapes of all files.
pub fn shapes(files: &[SourceFile<'_>], out: &mut Problems) -> BTreeMap<String, Shape> {
    // Names first, so fields may refer to shapes defined later or elsewhere.
    let known = names(files, out);
    let mut shapes = BTreeMap::new();
    for file in files {
        let mut report = file.reporter(out);
        for (i, raw) in file.raw.shapes.iter().enumerate() {
            let at = format!("shapes[{i}]");
            if raw.fields.is_empty() {
                report.error(
                    &format!("{at}.fields"),
                    At::Key,
                    format!("shape `{}` has no fields", raw.name),
                );
            }
            let mut fields = Vec::new();
            let mut rust_names: HashMap<String, &str> = HashMap::new();
            for (j, f) in raw.fields.iter().enumerate() {
                let fat = format!("{at}.fields[{j}]");
                if let Some(field) = field(f, &raw.name, &fat, &known, &mut rust_names, &mut report)
                {
                    fields.push(field);
                }
            }
            if known.contains_key(raw.name.as_str()) && !shapes.contains_key(&raw.name) {
                shapes.insert(
                    raw.name.clone(),
                    Shape {
                        name: raw.name.clone(),
                        description: raw.description.trim().to_owned(),
                        fields,
                        file: file.spec_file(),
                    },
                );
            }
        }
    }

    self_containing(files, &shapes, out);
    shapes
}

/// The shapes' names, each checked (PascalCase, not a built-in or Rust
/// type, defined once), with where each is first defined.
fn names<'f>(files: &'f [SourceFile<'f>], out: &mut Problems) -> HashMap<&'f str, FirstSeen<'f>> {
    let mut known: HashMap<&str, FirstSeen<'_>> = HashMap::new();
    for file in files {
        for (i, shape) in file.raw.shapes.iter().enumerate() {
            let at = format!("shapes[{i}].name");
            let mut report = file.reporter(out);
            if !is_pascal(&shape.name) {
                report.error(
                    &at,
                    At::Value,
                    format!(
                        "shape name `{}` must be PascalCase (letters and digits, starting with a \
                         capital), such as `JobRef`",
                        shape.name
                    ),
                );
            } else if scalar(&shape.name).is_some() || PRELUDE.contains(&shape.name.as_str()) {
                report.error(
                    &at,
                    At::Value,
                    format!(
                        "shape name `{}` is taken by a built-in or Rust type; choose another",
                        shape.name
                    ),
                );
            } else if let Some(first) = known.get(shape.name.as_str()) {
                report.error(
                    &at,
                    At::Value,
                    format!(
                        "shape `{}` is already defined at {}",
                        shape.name,
                        first.place()
                    ),
                );
            } else {
                known.insert(&shape.name, FirstSeen { file, at });
            }
        }
    }

    known
}

/// Reports each shape that holds itself without a list in between: it
/// would have no finite size.
fn self_containing(files: &[SourceFile<'_>], shapes: &BTreeMap<String, Shape>, out: &mut Problems) {
    for file in files {
        for (i, raw) in file.raw.shapes.iter().enumerate() {
            if let Some(via) = contains_itself(&raw.name, shapes) {
                file.reporter(out).error(
                    &format!("shapes[{i}].name"),
                    At::Value,
                    format!(
                        "shape `{}` contains itself through {via}; make one of those fields a list",
                        raw.name
                    ),
                );
            }
        }
    }
}

fn field<'r>(
    f: &'r raw::Field,
    shape: &str,
    at: &str,
    known: &HashMap<&str, FirstSeen<'_>>,
    rust_names: &mut HashMap<String, &'r str>,
    report: &mut Reporter<'_>,
) -> Option<Field> {
    let Some(rust) = snake_case(&f.name) else {
        report.error(
            &format!("{at}.name"),
            At::Value,
            format!(
                "field name `{}` cannot become a Rust name: use letters, digits and `_`, \
                 starting with a letter",
                f.name
            ),
        );
        return None;
    };
    if rust == EXTRA_FIELD {
        report.error(
            &format!("{at}.name"),
            At::Value,
            format!(
                "field name `{}` is the Rust name that keeps a shape's undeclared fields; the \
                 API's fields are kept there without declaring it",
                f.name
            ),
        );
        return None;
    }
    if let Some(other) = rust_names.get(&rust) {
        report.error(
            &format!("{at}.name"),
            At::Value,
            format!(
                "fields `{}` and `{}` of shape `{shape}` both become the Rust name `{rust}`",
                other, f.name
            ),
        );
        return None;
    }
    rust_names.insert(rust.clone(), &f.name);
    let ty = match scalar(&f.ty) {
        Some(ty) => ty,
        None if known.contains_key(f.ty.as_str()) => FieldType::Shape(f.ty.clone()),
        None => {
            report.error(
                &format!("{at}.type"),
                At::Value,
                format!(
                    "unknown type `{}`: use string, integer, boolean, number, json or the name of \
                     a shape",
                    f.ty
                ),
            );
            return None;
        }
    };
    let depth = map_depth(f.map, f.depth, at, report)?;
    let optional = optional(f, at, report)?;
    Some(Field {
        name: f.name.clone(),
        field: rust,
        ty,
        list: f.list,
        map: f.map,
        depth,
        optional,
        description: f.description.trim().to_owned(),
    })
}

/// Whether a field may be left out: `required: false`, or the earlier
/// spelling `optional: true` (read, with a hint).
fn optional(f: &raw::Field, at: &str, report: &mut Reporter<'_>) -> Option<bool> {
    let optional = match (f.required, f.optional) {
        (Some(_), Some(_)) => {
            report.error(
                &format!("{at}.optional"),
                At::Key,
                "`optional` is the earlier spelling of `required`: write only `required`",
            );
            return None;
        }
        (Some(required), None) => !required,
        (None, Some(optional)) => {
            report.hint(
                &format!("{at}.optional"),
                At::Key,
                if optional {
                    "write `required: false` (`optional: true` is the earlier spelling)"
                } else {
                    "leave out `optional: false`: a field is required unless `required: false`"
                },
            );
            optional
        }
        (None, None) => false,
    };
    Some(optional)
}

/// The levels of keys of a map (`depth:`, 1 unless written), 0 for a field
/// or `return` that is not a map.
pub fn map_depth(map: bool, depth: Option<u8>, at: &str, report: &mut Reporter<'_>) -> Option<u8> {
    match (map, depth) {
        (false, None) => Some(0),
        (false, Some(_)) => {
            report.error(
                &format!("{at}.depth"),
                At::Key,
                "`depth` counts the levels of keys of a map: add `map: true`",
            );
            None
        }
        (true, None) => Some(1),
        (true, Some(n)) if (1..=MAX_DEPTH).contains(&n) => Some(n),
        (true, Some(n)) => {
            report.error(
                &format!("{at}.depth"),
                At::Value,
                format!("`depth: {n}`: a map has 1 to {MAX_DEPTH} levels of keys"),
            );
            None
        }
    }
}

fn contains_itself(name: &str, shapes: &BTreeMap<String, Shape>) -> Option<String> {
    let mut stack = vec![(name.to_owned(), String::new())];
    let mut seen = Vec::new();
    while let Some((current, trail)) = stack.pop() {
        let Some(shape) = shapes.get(&current) else {
            continue;
        };
        for field in &shape.fields {
            if let (FieldType::Shape(target), false) = (&field.ty, field.list || field.map) {
                let step = if trail.is_empty() {
                    format!("`{}.{}`", current, field.name)
                } else {
                    format!("{trail}, `{}.{}`", current, field.name)
                };
                if target == name {
                    return Some(step);
                }
                if !seen.contains(target) {
                    seen.push(target.clone());
                    stack.push((target.clone(), step));
                }
            }
        }
    }
    None
}

/// The scalar type of this name, if it is one.
pub fn scalar(name: &str) -> Option<FieldType> {
    match name {
        "string" => Some(FieldType::String),
        "integer" => Some(FieldType::Integer),
        "boolean" => Some(FieldType::Boolean),
        "number" => Some(FieldType::Number),
        "json" => Some(FieldType::Json),
        _ => None,
    }
}
