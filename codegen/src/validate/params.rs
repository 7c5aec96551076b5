//! Parameters: scalars, lists, groups, maps and enums, checked recursively.

use super::Reporter;
use crate::diag::At;
use crate::model::{Enum, Example, Group, Param, ValueType, pascal_case, snake_case};
use crate::raw;
use std::collections::{BTreeMap, HashMap};

/// What a parameter may refer to.
pub struct Scope<'a> {
    pub enums: &'a BTreeMap<String, Enum>,
}

/// Checks a list of parameters (an endpoint's, or a group's members).
/// `owner` is the Rust type the parameters belong to; groups are named after it.
pub fn params(
    raw: &[raw::Param],
    at: &str,
    owner: &str,
    scope: &Scope<'_>,
    report: &mut Reporter<'_>,
) -> Vec<Param> {
    let mut out: Vec<Param> = Vec::new();
    let mut by_wire: HashMap<&str, (usize, bool)> = HashMap::new();
    let mut by_field: HashMap<String, &str> = HashMap::new();
    for (j, p) in raw.iter().enumerate() {
        let pat = format!("{at}[{j}]");
        let Some(param) = param(p, &pat, owner, scope, report) else {
            continue;
        };
        let is_group = param.group().is_some();
        if let Some(&(first, first_is_group)) = by_wire.get(p.name.as_str()) {
            // A group may be split by other parameters on the wire (the
            // docs of /server/list_allocated_i_ps put `map_addresses` between
            // two runs of `filters[...]`): two groups of one name are allowed.
            if !(is_group && first_is_group) {
                report.error(
                    &format!("{pat}.name"),
                    At::Value,
                    format!(
                        "parameter `{}` is listed twice (first as parameter {})",
                        p.name,
                        first + 1
                    ),
                );
                continue;
            }
        }
        if let Some(other) = by_field.get(&param.field) {
            report.error(
                &format!("{pat}.name"),
                At::Value,
                format!(
                    "parameters `{}` and `{}` both become the Rust name `{}`{}",
                    other,
                    p.name,
                    param.field,
                    if other == &p.name {
                        "; give one a `field:` of its own"
                    } else {
                        ""
                    }
                ),
            );
            continue;
        }
        by_wire.entry(&p.name).or_insert((j, is_group));
        by_field.insert(param.field.clone(), &p.name);
        out.push(param);
    }
    out
}

fn param(
    p: &raw::Param,
    at: &str,
    owner: &str,
    scope: &Scope<'_>,
    report: &mut Reporter<'_>,
) -> Option<Param> {
    let name_at = format!("{at}.name");
    if p.name.contains('[') || p.name.contains(']') {
        let base = p.name.split('[').next().unwrap_or_default();
        report.error(
            &name_at,
            At::Value,
            format!(
                "write a parameter by its plain name (`name: {base}`): lists take `list: indexed` \
                 or `list: brackets`, groups `members:`, maps `map:`; the brackets are added on \
                 the wire"
            ),
        );
        return None;
    }
    if p.name == "apikey" {
        report.error(
            &name_at,
            At::Value,
            "`apikey` is sent first on every call by the client; do not list it",
        );
        return None;
    }
    if p.name.is_empty() {
        report.error(&name_at, At::Value, "the parameter name is empty");
        return None;
    }
    let field = match &p.field {
        Some(field) => match snake_case(field).filter(|s| s == field) {
            Some(field) => field,
            None => {
                report.error(
                    &format!("{at}.field"),
                    At::Value,
                    format!("`field: {field}` must be a snake_case Rust name"),
                );
                return None;
            }
        },
        None => match snake_case(&p.name) {
            Some(field) => field,
            None => {
                report.error(
                    &name_at,
                    At::Value,
                    format!(
                        "parameter name `{}` cannot become a Rust name: use letters, digits and \
                         `_`, starting with a letter, or give it a `field:`",
                        p.name
                    ),
                );
                return None;
            }
        },
    };

    let ty = match (&p.ty, &p.members) {
        (Some(_), Some(_)) => {
            report.error(
                &format!("{at}.members"),
                At::Key,
                "a parameter has a `type` or `members` (a group), not both",
            );
            return None;
        }
        (None, None) => {
            report.error(
                at,
                At::Key,
                format!(
                    "parameter `{}` needs a `type` (string, integer, boolean, job_type or an \
                     enum's name) or `members` (a group)",
                    p.name
                ),
            );
            return None;
        }
        (None, Some(members)) => {
            if members.is_empty() {
                report.error(
                    &format!("{at}.members"),
                    At::Key,
                    format!("group `{}` has no members", p.name),
                );
                return None;
            }
            let type_name = format!("{owner}{}", pascal_case(&field));
            let errors = report.count();
            let members = params(members, &format!("{at}.members"), &type_name, scope, report);
            if report.count() > errors {
                return None;
            }
            ValueType::Group(Group { type_name, members })
        }
        (Some(ty), None) => match ty.as_str() {
            "string" => ValueType::String,
            "integer" => ValueType::Integer,
            "boolean" => ValueType::Boolean,
            "job_type" => ValueType::JobType,
            other if scope.enums.contains_key(other) => ValueType::Enum(other.to_owned()),
            other => {
                report.error(
                    &format!("{at}.type"),
                    At::Value,
                    format!(
                        "unknown type `{other}`: use string, integer, boolean, job_type or the \
                         name of an enum under `enums:`"
                    ),
                );
                return None;
            }
        },
    };

    if p.or_auto && (p.list.is_none() || !matches!(ty, ValueType::String)) {
        report.error(
            &format!("{at}.or_auto"),
            At::Key,
            "`or_auto: true` is for a list of strings that may be the single value `auto`",
        );
        return None;
    }
    if p.or_auto && p.map.is_some() {
        report.error(
            &format!("{at}.or_auto"),
            At::Key,
            "`or_auto` and `map` do not go together",
        );
        return None;
    }
    if let Some(keys) = &p.map
        && keys.trim().is_empty()
    {
        report.error(
            &format!("{at}.map"),
            At::Value,
            "say what the map's keys are, such as `map: file name`",
        );
        return None;
    }

    let mut example = Vec::new();
    let mut example_map = Vec::new();
    match &p.example {
        None | Some(serde_yaml::Value::Null) => {}
        Some(_) if matches!(ty, ValueType::Group(_)) => {
            report.error(
                &format!("{at}.example"),
                At::Key,
                "a group's examples go on its members",
            );
            return None;
        }
        Some(value) if p.map.is_some() => {
            let serde_yaml::Value::Mapping(entries) = value else {
                report.error(
                    &format!("{at}.example"),
                    At::Value,
                    format!(
                        "the example of map `{}` must be a mapping of key to value",
                        p.name
                    ),
                );
                return None;
            };
            for (k, v) in entries {
                let key = match k {
                    serde_yaml::Value::String(s) => s.clone(),
                    serde_yaml::Value::Number(n) => n.to_string(),
                    _ => {
                        report.error(
                            &format!("{at}.example"),
                            At::Value,
                            "the example map's keys must be text",
                        );
                        return None;
                    }
                };
                let values = examples(v, p, &ty, &format!("{at}.example"), scope, report)?;
                example_map.push((key, values));
            }
        }
        Some(value) => {
            example = examples(value, p, &ty, &format!("{at}.example"), scope, report)?;
        }
    }

    Some(Param {
        name: p.name.clone(),
        field,
        ty,
        required: p.required,
        list: p.list,
        map: p.map.as_ref().map(|k| k.trim().to_owned()),
        or_auto: p.or_auto,
        description: p
            .description
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" "),
        example,
        example_map,
    })
}

/// The example values of a scalar or list (or of one map entry).
fn examples(
    value: &serde_yaml::Value,
    p: &raw::Param,
    ty: &ValueType,
    at: &str,
    scope: &Scope<'_>,
    report: &mut Reporter<'_>,
) -> Option<Vec<Example>> {
    use serde_yaml::Value;
    let items: Vec<&Value> = match value {
        Value::Sequence(items) if p.list.is_some() => items.iter().collect(),
        Value::Sequence(_) => {
            report.error(
                at,
                At::Value,
                format!(
                    "the example of `{}` is a list, but the parameter is not (add `list:` to make it one)",
                    p.name
                ),
            );
            return None;
        }
        other => vec![other],
    };
    let mut out = Vec::new();
    for item in items {
        let converted = match (ty, item) {
            (ValueType::Integer, Value::Number(n)) => n.as_i64().map(Example::Integer),
            (ValueType::Boolean, Value::Bool(b)) => Some(Example::Boolean(*b)),
            (ValueType::String, Value::String(s)) => Some(Example::Text(s.clone())),
            (ValueType::String, Value::Number(n)) => Some(Example::Text(n.to_string())),
            (ValueType::String, Value::Bool(b)) => Some(Example::Text(b.to_string())),
            (ValueType::JobType, Value::String(s)) if s == "daemon" || s == "scheduler" => {
                Some(Example::Text(s.clone()))
            }
            (ValueType::Enum(name), Value::String(s))
                if scope.enums[name].values.iter().any(|(v, _)| v == s) =>
            {
                Some(Example::Text(s.clone()))
            }
            _ => None,
        };
        match converted {
            Some(example) => out.push(example),
            None => {
                let what = match ty {
                    ValueType::Enum(name) => format!(
                        "enum {name} ({})",
                        scope.enums[name]
                            .values
                            .iter()
                            .map(|(v, _)| v.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                    ValueType::JobType => "job_type (daemon or scheduler)".to_owned(),
                    other => other.describe(),
                };
                report.error(
                    at,
                    At::Value,
                    format!(
                        "the example {} does not match the type of `{}`, which is {what}",
                        describe_yaml(item),
                        p.name,
                    ),
                );
                return None;
            }
        }
    }
    Some(out)
}

pub fn describe_yaml(value: &serde_yaml::Value) -> String {
    use serde_yaml::Value;
    match value {
        Value::Null => "null".to_owned(),
        Value::Bool(b) => format!("`{b}` (a boolean)"),
        Value::Number(n) => format!("`{n}` (a number)"),
        Value::String(s) => format!("\"{s}\" (a string)"),
        Value::Sequence(_) => "(a list)".to_owned(),
        Value::Mapping(_) => "(a mapping)".to_owned(),
        Value::Tagged(_) => "(a tagged value)".to_owned(),
    }
}

/// Checks the enums of all files.
pub fn enums(
    files: &[super::SourceFile<'_>],
    out: &mut Vec<crate::diag::Diagnostic>,
) -> BTreeMap<String, Enum> {
    let mut enums = BTreeMap::new();
    let mut first: HashMap<String, String> = HashMap::new();
    for file in files {
        let mut report = file.reporter(out);
        for (i, raw) in file.raw.enums.iter().enumerate() {
            let at = format!("enums[{i}]");
            if !super::is_pascal(&raw.name) || super::PRELUDE.contains(&raw.name.as_str()) {
                report.error(
                    &format!("{at}.name"),
                    At::Value,
                    format!(
                        "enum name `{}` must be PascalCase and not a Rust type's, such as `SortDir`",
                        raw.name
                    ),
                );
                continue;
            }
            if let Some(place) = first.get(&raw.name) {
                report.error(
                    &format!("{at}.name"),
                    At::Value,
                    format!("enum `{}` is already defined in {place}", raw.name),
                );
                continue;
            }
            if raw.values.is_empty() {
                report.error(
                    &format!("{at}.values"),
                    At::Key,
                    format!("enum `{}` has no values", raw.name),
                );
                continue;
            }
            let mut values: Vec<(String, String)> = Vec::new();
            let mut ok = true;
            for (j, value) in raw.values.iter().enumerate() {
                let variant = snake_case(&value.to_ascii_lowercase()).map(|s| pascal_case(&s));
                match variant {
                    Some(variant) if !values.iter().any(|(_, v)| *v == variant) => {
                        values.push((value.clone(), variant));
                    }
                    _ => {
                        report.error(
                            &format!("{at}.values[{j}]"),
                            At::Value,
                            format!(
                                "value `{value}` cannot become a Rust variant of its own: use \
                                 letters, digits and `_`, starting with a letter, and values \
                                 that differ in more than letter case"
                            ),
                        );
                        ok = false;
                    }
                }
            }
            first.insert(raw.name.clone(), file.path.display().to_string());
            if ok {
                enums.insert(
                    raw.name.clone(),
                    Enum {
                        name: raw.name.clone(),
                        description: raw.description.trim().to_owned(),
                        values,
                        source: file.relative.to_owned(),
                    },
                );
            }
        }
    }
    enums
}
