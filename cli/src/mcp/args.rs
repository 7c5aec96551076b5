//! A tool's arguments (JSON, as its input schema describes them) to the
//! fields the API takes, named and ordered as the endpoint's metadata says.
//! Every argument is checked first: a wrong one is an error that names it,
//! and nothing is sent.

use crate::fields::{join_key, join_wire, suffix};
use serde_json::{Map, Value};
use sitehost::{Param, ParamKind};

/// The fields of a request, in wire order, from `args` (the tool's own
/// arguments, such as `wait`, taken out before).
pub fn wire_fields(
    params: &[Param],
    args: &Map<String, Value>,
) -> Result<Vec<(String, String)>, String> {
    let mut out = Vec::new();
    members(params, "", "", args, &mut out)?;
    Ok(out)
}

/// The members of a group (or the top-level parameters) from an object.
fn members(
    params: &[Param],
    key_prefix: &str,
    wire_prefix: &str,
    object: &Map<String, Value>,
    out: &mut Vec<(String, String)>,
) -> Result<(), String> {
    if let Some(unknown) = object.keys().find(|k| !params.iter().any(|p| p.name == *k)) {
        let key = join_key(key_prefix, unknown);
        let known: Vec<&str> = params.iter().map(|p| p.name).collect();
        return Err(format!(
            "`{key}` is not a parameter here; the parameters are {}",
            known.join(", ")
        ));
    }
    for p in params {
        let key = join_key(key_prefix, p.name);
        match object.get(p.name) {
            None | Some(Value::Null) if p.required => {
                return Err(format!("`{key}` is required"));
            }
            None | Some(Value::Null) => {}
            Some(value) => one(p, &key, &join_wire(wire_prefix, p.name), value, out)?,
        }
    }
    Ok(())
}

/// One parameter's value: a map of, a list of, or a single value.
fn one(
    p: &Param,
    key: &str,
    wire: &str,
    value: &Value,
    out: &mut Vec<(String, String)>,
) -> Result<(), String> {
    if p.map {
        let entries = value
            .as_object()
            .ok_or_else(|| format!("`{key}` must be an object keyed by its entries' names"))?;
        if p.required && entries.is_empty() {
            return Err(format!("`{key}` needs at least one entry"));
        }
        for (entry, v) in entries {
            if entry.is_empty() || entry.contains(['[', ']']) {
                return Err(format!(
                    "`{key}` has the key {entry:?}, which is empty or holds `[` or `]`"
                ));
            }
            list_or_value(
                p,
                &format!("{key}.{entry}"),
                &format!("{wire}[{entry}]"),
                v,
                out,
            )?;
        }
        return Ok(());
    }
    list_or_value(p, key, wire, value, out)
}

fn list_or_value(
    p: &Param,
    key: &str,
    wire: &str,
    value: &Value,
    out: &mut Vec<(String, String)>,
) -> Result<(), String> {
    let Some(encoding) = p.list else {
        return single(p.kind, key, wire, value, out);
    };
    if p.or_auto && value.as_str() == Some(sitehost::AUTO) {
        out.push((
            format!("{wire}{}", suffix(encoding, 0)),
            sitehost::AUTO.to_owned(),
        ));
        return Ok(());
    }
    let items = value.as_array().ok_or_else(|| {
        format!(
            "`{key}` must be a list{}",
            if p.or_auto { " or \"auto\"" } else { "" }
        )
    })?;
    if p.required && items.is_empty() {
        return Err(format!("`{key}` needs at least one item"));
    }
    for (i, item) in items.iter().enumerate() {
        let wire = format!("{wire}{}", suffix(encoding, i));
        single(p.kind, &format!("{key}[{i}]"), &wire, item, out)?;
    }
    Ok(())
}

fn single(
    kind: ParamKind,
    key: &str,
    wire: &str,
    value: &Value,
    out: &mut Vec<(String, String)>,
) -> Result<(), String> {
    let text = match (kind, value) {
        (ParamKind::Group(group), Value::Object(object)) => {
            return members(group, key, wire, object, out);
        }
        (ParamKind::Group(_), _) => return Err(format!("`{key}` must be an object")),
        (ParamKind::String, Value::String(s)) if !s.is_empty() => s.clone(),
        (ParamKind::String, Value::String(_)) => {
            return Err(format!("`{key}` is empty; leave it out instead"));
        }
        (ParamKind::String, _) => return Err(format!("`{key}` must be a string")),
        (ParamKind::Integer, Value::Number(n)) if n.is_i64() => n.to_string(),
        (ParamKind::Integer, _) => return Err(format!("`{key}` must be an integer")),
        (ParamKind::Boolean, Value::Bool(b)) => if *b { "1" } else { "0" }.to_owned(),
        (ParamKind::Boolean, _) => return Err(format!("`{key}` must be true or false")),
        (ParamKind::Choice(values), Value::String(s)) if values.contains(&s.as_str()) => s.clone(),
        (ParamKind::Choice(values), _) => {
            return Err(format!("`{key}` must be one of {}", values.join(", ")));
        }
    };
    out.push((wire.to_owned(), text));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use sitehost::ListEncoding;

    const MEMBERS: &[Param] = &[
        Param::required("name", ParamKind::String),
        Param::optional("ttl", ParamKind::Integer),
    ];
    const PARAMS: &[Param] = &[
        Param::required("client_id", ParamKind::Integer),
        Param::optional("on", ParamKind::Boolean),
        Param::optional("dir", ParamKind::Choice(&["ASC", "DESC"])),
        Param::optional("ns", ParamKind::Group(MEMBERS)).list(ListEncoding::Indexed),
        Param::optional("envs", ParamKind::String).map(),
        Param::optional("ips", ParamKind::String)
            .list(ListEncoding::Brackets)
            .or_auto(),
    ];

    fn fields(args: Value) -> Result<Vec<String>, String> {
        let args = args.as_object().unwrap().clone();
        wire_fields(PARAMS, &args).map(|f| f.into_iter().map(|(n, v)| format!("{n}={v}")).collect())
    }

    #[test]
    fn arguments_become_ordered_fields() {
        assert_eq!(
            fields(json!({"envs": {"a.env": "x"}, "on": false, "client_id": 1,
                          "ns": [{"name": "ns1", "ttl": 5}, {"name": "ns2"}], "ips": "auto"})),
            Ok(vec![
                "client_id=1".into(),
                "on=0".into(),
                "ns[0][name]=ns1".into(),
                "ns[0][ttl]=5".into(),
                "ns[1][name]=ns2".into(),
                "envs[a.env]=x".into(),
                "ips[]=auto".into(),
            ])
        );
    }

    #[test]
    fn wrong_arguments_name_the_field() {
        let error = |args| fields(args).unwrap_err();
        assert!(error(json!({})).contains("`client_id` is required"));
        assert!(error(json!({"client_id": "1"})).contains("`client_id` must be an integer"));
        assert!(
            error(json!({"client_id": 1, "dir": "UP"})).contains("`dir` must be one of ASC, DESC")
        );
        assert!(
            error(json!({"client_id": 1, "ns": [{"ttl": 1}]})).contains("`ns[0].name` is required")
        );
        assert!(
            error(json!({"client_id": 1, "ns": [{"name": "a", "x": 1}]}))
                .contains("`ns[0].x` is not a parameter")
        );
        assert!(error(json!({"client_id": 1, "bogus": 1})).contains("`bogus` is not a parameter"));
        assert!(error(json!({"client_id": 1, "envs": {"a]": "x"}})).contains("`envs` has the key"));
        assert!(
            error(json!({"client_id": 1, "ips": "some"}))
                .contains("`ips` must be a list or \"auto\"")
        );
        assert!(error(json!({"client_id": 1, "envs": {"a": ""}})).contains("`envs.a` is empty"));
    }
}
