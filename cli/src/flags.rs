//! From flag values to the request's value, the parameter tree the codec
//! ([`sitehost::wire`]) encodes: each flag's text read by
//! [`wire::from_text`](sitehost::wire::from_text), so the command line takes
//! exactly the values the library and the MCP server take, and refuses the
//! rest with the same words, before anything is sent.
//!
//! A list repeats its flag. The Nth values of the member flags of a list of
//! groups make its Nth entry. A map's flag takes `KEY=VALUE` (a value
//! `@FILE` is read from the file, `@@…` stands for a literal `@…`); in a map
//! of groups, each member flag takes `KEY=VALUE` and the entries are grouped
//! by key.

use crate::endpoints::flag_name;
use serde_json::{Map, Value};
use sitehost::Param;
use sitehost::wire::{InvalidValue, Reason};
use std::collections::HashMap;

/// The values given for each flag, by flag key (`filters.sort_by`), in the
/// order given.
pub type Values = HashMap<String, Vec<String>>;

/// A value or combination the command line refuses before sending.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Usage(pub String);

/// The request's value from the values given.
///
/// # Errors
///
/// A value that is not one of its parameter's (`--client-id " 1"`), a
/// `KEY=VALUE` flag without `=`, a file that cannot be read, two values
/// for a parameter that takes one.
pub fn request_value(
    params: &'static [Param],
    values: &Values,
) -> Result<Map<String, Value>, Usage> {
    fold(params, "", &[], values)
}

/// Which of a flag's values belong to the entry being made: for each map
/// or list of groups around it, the key or index of the entry.
#[derive(Debug, Clone)]
enum Select {
    Key(String),
    Index(usize),
}

fn fold(
    params: &'static [Param],
    prefix: &str,
    select: &[Select],
    values: &Values,
) -> Result<Map<String, Value>, Usage> {
    let mut out = Map::new();
    for p in params {
        let key = join_key(prefix, p.name);
        let value = match p.members() {
            Some(members) => group(p, members, &key, select, values)?,
            None => scalars(p, &key, selected(&key, select, values))?,
        };
        // A group the wire splits in two is one object of both parts.
        match (out.get_mut(p.name), value) {
            (_, None) => {}
            (Some(Value::Object(before)), Some(Value::Object(more))) => before.extend(more),
            (_, Some(value)) => {
                out.insert(p.name.to_owned(), value);
            }
        }
    }
    Ok(out)
}

/// A group parameter's value, where any of its member flags is given: an
/// object of members, a list of them, or a map of them (or of lists).
fn group(
    p: &Param,
    members: &'static [Param],
    key: &str,
    select: &[Select],
    values: &Values,
) -> Result<Option<Value>, Usage> {
    let object = |select: &[Select]| fold(members, key, select, values).map(Value::Object);
    let list = |select: &[Select]| -> Result<Value, Usage> {
        let items = (0..group_count(key, select, values))
            .map(|i| object(&[select, &[Select::Index(i)]].concat()))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Value::Array(items))
    };
    let one = |select: &[Select]| match p.list {
        Some(_) => list(select),
        None => object(select),
    };
    if p.map {
        let keys = group_keys(key, select, values);
        if keys.is_empty() {
            return Ok(None);
        }
        let mut map = Map::new();
        for entry in keys {
            let value = one(&[select, &[Select::Key(entry.clone())]].concat())?;
            map.insert(entry, value);
        }
        return Ok(Some(Value::Object(map)));
    }
    if !group_given(key, select, values) {
        return Ok(None);
    }
    one(select).map(Some)
}

/// A scalar parameter's value from its flag's texts: one value, a list of
/// them (or `auto`), or a map of either.
fn scalars(p: &Param, key: &str, texts: Vec<String>) -> Result<Option<Value>, Usage> {
    if texts.is_empty() {
        return Ok(None);
    }
    if !p.map {
        return list_or_one(p, key, None, texts).map(Some);
    }
    let mut entries: Vec<(String, Vec<String>)> = Vec::new();
    for text in &texts {
        let (entry, value) = split_entry(key, text)?;
        match entries.iter_mut().find(|(k, _)| *k == entry) {
            Some((_, list)) => list.push(value),
            None => entries.push((entry, vec![value])),
        }
    }
    let mut map = Map::new();
    for (entry, texts) in entries {
        let value = list_or_one(p, key, Some(&entry), texts)?;
        map.insert(entry, value);
    }
    Ok(Some(Value::Object(map)))
}

/// One value, or a list's (or `auto`), of a parameter or of one entry of
/// a map parameter.
fn list_or_one(
    p: &Param,
    key: &str,
    entry: Option<&str>,
    texts: Vec<String>,
) -> Result<Value, Usage> {
    let scalar = |text: &str| {
        sitehost::wire::from_text(p.kind, text)
            .map_err(|reason| refusal(key, entry, Some(text), reason))
    };
    if p.list.is_none() {
        if texts.len() > 1 {
            return Err(refusal(key, entry, None, Reason::TooMany));
        }
        return scalar(texts.first().map_or("", String::as_str));
    }
    if p.or_auto && texts.len() == 1 && texts[0] == sitehost::AUTO {
        return Ok(Value::String(sitehost::AUTO.to_owned()));
    }
    texts
        .iter()
        .map(|text| scalar(text))
        .collect::<Result<Vec<_>, _>>()
        .map(Value::Array)
}

/// The codec's words for a flag's value: `--client-id " 1": parameter
/// `client_id` must be an integer, …`.
fn refusal(key: &str, entry: Option<&str>, text: Option<&str>, reason: Reason) -> Usage {
    let path: Vec<&str> = key.split('.').chain(entry).collect();
    let invalid = InvalidValue::new(sitehost::wire::wire_name(&path), reason);
    let flag = flag_name(key);
    Usage(match text {
        Some(text) => format!("--{flag} {text:?}: {invalid}"),
        None => format!("--{flag}: {invalid}"),
    })
}

fn join_key(prefix: &str, name: &str) -> String {
    if prefix.is_empty() {
        name.to_owned()
    } else {
        format!("{prefix}.{name}")
    }
}

/// The values of the flag `key` that belong to the entry `select` names:
/// for a map, those of `KEY=VALUE` with its key (as `VALUE`); for a list of
/// groups, the Nth.
fn selected(key: &str, select: &[Select], values: &Values) -> Vec<String> {
    let mut given = values.get(key).cloned().unwrap_or_default();
    for s in select {
        given = match s {
            Select::Index(i) => given.into_iter().nth(*i).into_iter().collect(),
            Select::Key(entry) => given
                .iter()
                .filter_map(|v| v.split_once('=').filter(|(k, _)| k == entry))
                .map(|(_, v)| v.to_owned())
                .collect(),
        };
    }
    given
}

/// The flags under a group's key, in flag order.
fn under<'v>(key: &str, values: &'v Values) -> Vec<&'v String> {
    let prefix = format!("{key}.");
    let mut keys: Vec<&String> = values.keys().filter(|k| k.starts_with(&prefix)).collect();
    keys.sort();
    keys
}

fn group_given(key: &str, select: &[Select], values: &Values) -> bool {
    under(key, values)
        .into_iter()
        .any(|k| !selected(k, select, values).is_empty())
}

fn group_count(key: &str, select: &[Select], values: &Values) -> usize {
    under(key, values)
        .into_iter()
        .map(|k| selected(k, select, values).len())
        .max()
        .unwrap_or(0)
}

fn group_keys(key: &str, select: &[Select], values: &Values) -> Vec<String> {
    let mut keys: Vec<String> = Vec::new();
    for flag in under(key, values) {
        for value in selected(flag, select, values) {
            if let Some((entry, _)) = value.split_once('=')
                && !keys.iter().any(|k| k == entry)
            {
                keys.push(entry.to_owned());
            }
        }
    }
    keys
}

/// `KEY=VALUE`, reading `@FILE`.
fn split_entry(key: &str, value: &str) -> Result<(String, String), Usage> {
    let Some((entry, value)) = value.split_once('=').filter(|(k, _)| !k.is_empty()) else {
        return Err(Usage(format!(
            "--{} takes KEY=VALUE, not {value:?}",
            flag_name(key)
        )));
    };
    let value = if let Some(literal) = value.strip_prefix("@@") {
        format!("@{literal}")
    } else if let Some(file) = value.strip_prefix('@') {
        std::fs::read_to_string(file)
            .map_err(|e| Usage(format!("--{}: cannot read {file}: {e}", flag_name(key))))?
    } else {
        value.to_owned()
    };
    Ok((entry.to_owned(), value))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use sitehost::{ListEncoding, ParamKind};

    const MEMBERS: &[Param] = &[
        Param::required("name", ParamKind::String),
        Param::optional("ttl", ParamKind::Integer),
    ];
    const PARAMS: &[Param] = &[
        Param::required("client_id", ParamKind::Integer),
        Param::optional("on", ParamKind::Boolean),
        Param::optional("ns", ParamKind::Group(MEMBERS)).list(ListEncoding::Indexed),
        Param::optional("envs", ParamKind::String).map("file name"),
        Param::optional("mounts", ParamKind::String)
            .list(ListEncoding::Indexed)
            .map("stack"),
        Param::optional("ips", ParamKind::String)
            .list(ListEncoding::Brackets)
            .or_auto(),
    ];

    fn value(pairs: &[(&str, &[&str])]) -> Result<Value, String> {
        let values: Values = pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), v.iter().map(|s| (*s).to_owned()).collect()))
            .collect();
        request_value(PARAMS, &values)
            .map(Value::Object)
            .map_err(|u| u.0)
    }

    #[test]
    fn flags_fold_into_the_codecs_value() {
        assert_eq!(
            value(&[
                ("client_id", &["1"]),
                ("on", &["false"]),
                ("ns.name", &["a", "b"]),
                ("ns.ttl", &["5"]),
                ("envs", &["a.env=x", "b.env=@@y"]),
                ("mounts", &["s=c1", "s=c2", "t=c3"]),
                ("ips", &["auto"]),
            ]),
            Ok(json!({"client_id": 1, "on": false,
                      "ns": [{"name": "a", "ttl": 5}, {"name": "b"}],
                      "envs": {"a.env": "x", "b.env": "@y"},
                      "mounts": {"s": ["c1", "c2"], "t": ["c3"]}, "ips": "auto"}))
        );
    }

    #[test]
    fn a_value_the_codec_refuses_is_refused_in_its_words() {
        for (pairs, wanted) in [
            (
                &[("client_id", &[" 1"][..])][..],
                "--client-id \" 1\": parameter `client_id` must be an integer",
            ),
            (&[("client_id", &["+1"][..])], "must be an integer"),
            (
                &[("on", &["yes"][..])],
                "--on \"yes\": parameter `on` must be true or false",
            ),
            (
                &[("client_id", &[""][..])],
                "parameter `client_id` is empty",
            ),
            (
                &[("client_id", &["1", "2"][..])],
                "--client-id: parameter `client_id` takes one value",
            ),
            (&[("envs", &["novalue"][..])], "--envs takes KEY=VALUE"),
            (
                &[("ns.ttl", &["x"][..])],
                "--ns-ttl \"x\": parameter `ns[ttl]` must be an integer",
            ),
        ] {
            let error = value(pairs).unwrap_err();
            assert!(error.contains(wanted), "{pairs:?}: {error}");
        }
    }
}
