//! A tool's arguments checked against its input schema before anything
//! runs: the JSON Schema keywords the server's schemas use (`type`,
//! `properties`, `required`, `additionalProperties`, `items`, `minItems`,
//! `enum`, `const`, `oneOf`, `anyOf`, `minLength`, `minimum`, `maximum`,
//! `minProperties`, `propertyNames` with a `^[^…]+$` pattern). A keyword
//! outside that set fails the check, so a schema cannot outgrow it unseen.

use serde_json::{Map, Value};

/// Checks `arguments` against `schema`; the first mismatch, in words, with
/// where it is.
pub fn arguments(
    schema: &Map<String, Value>,
    arguments: &Map<String, Value>,
) -> Result<(), String> {
    value(schema, &Value::Object(arguments.clone()), "")
}

/// Words that describe and do not constrain.
const NOTES: &[&str] = &["description", "examples", "title", "default", "$schema"];

fn at(path: &str) -> String {
    if path.is_empty() {
        "the arguments".to_owned()
    } else {
        format!("`{path}`")
    }
}

fn join(path: &str, name: &str) -> String {
    if path.is_empty() {
        name.to_owned()
    } else {
        format!("{path}.{name}")
    }
}

/// Checks one value against one schema.
pub fn value(schema: &Map<String, Value>, v: &Value, path: &str) -> Result<(), String> {
    for (keyword, rule) in schema {
        match keyword.as_str() {
            "type" => of_type(rule, v, path)?,
            "enum" => {
                let values = rule.as_array().map(Vec::as_slice).unwrap_or_default();
                if !values.contains(v) {
                    return Err(format!("{} must be one of {rule}", at(path)));
                }
            }
            "const" if rule != v => return Err(format!("{} must be {rule}", at(path))),
            "oneOf" | "anyOf" => {
                let passed = subschemas(rule)
                    .filter(|s| value(s, v, path).is_ok())
                    .count();
                let fits = if keyword == "oneOf" {
                    passed == 1
                } else {
                    passed >= 1
                };
                if !fits {
                    return Err(format!("{} has none of the forms it may take", at(path)));
                }
            }
            "properties"
            | "required"
            | "additionalProperties"
            | "minProperties"
            | "propertyNames" => object_rule(keyword, rule, schema, v, path)?,
            "items" | "minItems" => array_rule(keyword, rule, v, path)?,
            "minLength" | "minimum" | "maximum" => scalar_rule(keyword, rule, v, path)?,
            note if NOTES.contains(&note) => {}
            "const" => {}
            other => return Err(format!("the schema's keyword `{other}` is not checked")),
        }
    }
    Ok(())
}

fn subschemas(rule: &Value) -> impl Iterator<Item = &Map<String, Value>> {
    rule.as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_object)
}

fn of_type(rule: &Value, v: &Value, path: &str) -> Result<(), String> {
    let fits = |name: &str| match name {
        "object" => v.is_object(),
        "array" => v.is_array(),
        "string" => v.is_string(),
        "boolean" => v.is_boolean(),
        "integer" => v.as_i64().is_some() || v.as_u64().is_some(),
        "number" => v.is_number(),
        "null" => v.is_null(),
        _ => false,
    };
    let ok = match rule {
        Value::String(name) => fits(name),
        Value::Array(names) => names.iter().filter_map(Value::as_str).any(fits),
        _ => false,
    };
    if ok {
        return Ok(());
    }
    let wanted = match rule {
        Value::Array(names) => names
            .iter()
            .filter_map(Value::as_str)
            .collect::<Vec<_>>()
            .join(" or "),
        other => other.as_str().unwrap_or("?").to_owned(),
    };
    Err(format!("{} must be of type {wanted}, not {v}", at(path)))
}

fn object_rule(
    keyword: &str,
    rule: &Value,
    schema: &Map<String, Value>,
    v: &Value,
    path: &str,
) -> Result<(), String> {
    let Some(object) = v.as_object() else {
        return Ok(());
    };
    let properties = schema.get("properties").and_then(Value::as_object);
    match keyword {
        "properties" => {
            for (name, sub) in properties.into_iter().flatten() {
                if let (Some(given), Some(sub)) = (object.get(name), sub.as_object()) {
                    value(sub, given, &join(path, name))?;
                }
            }
        }
        "required" => {
            for name in rule
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
            {
                if !object.contains_key(name) {
                    return Err(format!("{} is required", at(&join(path, name))));
                }
            }
        }
        "additionalProperties" => {
            for (name, given) in object {
                if properties.is_some_and(|p| p.contains_key(name)) {
                    continue;
                }
                match rule {
                    Value::Bool(false) => {
                        return Err(format!("{} is not an argument here", at(&join(path, name))));
                    }
                    Value::Object(sub) => value(sub, given, &join(path, name))?,
                    _ => {}
                }
            }
        }
        "minProperties" if object.len() < rule.as_u64().map_or(0, to_usize) => {
            return Err(format!("{} must not be empty", at(path)));
        }
        "propertyNames" => {
            for name in object.keys() {
                name_rule(rule, name, path)?;
            }
        }
        _ => {}
    }
    Ok(())
}

/// A map key against `propertyNames`: `minLength` and a `^[^…]+$` pattern.
fn name_rule(rule: &Value, name: &str, path: &str) -> Result<(), String> {
    let Some(rule) = rule.as_object() else {
        return Ok(());
    };
    for (keyword, r) in rule {
        match keyword.as_str() {
            "minLength" if name.chars().count() < r.as_u64().map_or(0, to_usize) => {
                return Err(format!("{} has an empty key", at(path)));
            }
            "minLength" => {}
            "pattern" => {
                let pattern = r.as_str().unwrap_or_default();
                let Some(banned) = pattern
                    .strip_prefix("^[^")
                    .and_then(|p| p.strip_suffix("]+$"))
                else {
                    return Err(format!("the schema's pattern {pattern} is not checked"));
                };
                let banned = banned.replace('\\', "");
                if name.is_empty() || name.chars().any(|c| banned.contains(c)) {
                    return Err(format!(
                        "{}: the key {name:?} may not hold {banned}",
                        at(path)
                    ));
                }
            }
            other => return Err(format!("the schema's keyword `{other}` is not checked")),
        }
    }
    Ok(())
}

fn array_rule(keyword: &str, rule: &Value, v: &Value, path: &str) -> Result<(), String> {
    let Some(items) = v.as_array() else {
        return Ok(());
    };
    match keyword {
        "items" => {
            if let Some(sub) = rule.as_object() {
                for (i, item) in items.iter().enumerate() {
                    value(sub, item, &join(path, &i.to_string()))?;
                }
            }
        }
        _ if items.len() < rule.as_u64().map_or(0, to_usize) => {
            return Err(format!("{} must not be empty", at(path)));
        }
        _ => {}
    }
    Ok(())
}

fn scalar_rule(keyword: &str, rule: &Value, v: &Value, path: &str) -> Result<(), String> {
    match (keyword, v) {
        ("minLength", Value::String(s))
            if s.chars().count() < rule.as_u64().map_or(0, to_usize) =>
        {
            Err(format!("{} must not be empty", at(path)))
        }
        ("minimum", Value::Number(n)) if n.as_f64() < rule.as_f64() => {
            Err(format!("{} must be at least {rule}", at(path)))
        }
        ("maximum", Value::Number(n)) if n.as_f64() > rule.as_f64() => {
            Err(format!("{} must be at most {rule}", at(path)))
        }
        _ => Ok(()),
    }
}

fn to_usize(n: u64) -> usize {
    usize::try_from(n).unwrap_or(usize::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn check(schema: Value, args: Value) -> Result<(), String> {
        arguments(schema.as_object().unwrap(), args.as_object().unwrap())
    }

    #[test]
    fn refuses_what_the_schema_does_not_allow() {
        let schema = json!({"type": "object", "properties": {
            "state": {"type": "object"}, "force": {"type": "boolean"},
            "keys": {"type": "object", "propertyNames": {"minLength": 1, "pattern": "^[^\\[\\]]+$"}},
            "n": {"type": "integer", "minimum": 1, "maximum": 5}},
            "required": ["state"], "additionalProperties": false});
        assert!(check(schema.clone(), json!({"state": {}})).is_ok());
        for bad in [
            json!({"state": {}, "force": "yes"}),
            json!({"state": null}),
            json!({}),
            json!({"state": {}, "other": 1}),
            json!({"state": {}, "keys": {"a[b": 1}}),
            json!({"state": {}, "n": 0}),
            json!({"state": {}, "n": 1.5}),
        ] {
            assert!(check(schema.clone(), bad.clone()).is_err(), "{bad}");
        }
        assert!(check(json!({"pattern": "a+"}), json!({})).is_err());
    }
}
