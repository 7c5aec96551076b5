//! From flag values to the fields the API takes, named and ordered as the
//! `sitehost` crate's endpoint metadata says: `filters[sort_by]`,
//! `nameservers[0][name]`, `environments[example.env]`, `containers[stack][0]`.
//!
//! A list repeats its flag. The Nth values of the member flags of a list of
//! groups make its Nth entry. A map's flag takes `KEY=VALUE` (a value
//! `@FILE` is read from the file, `@@…` stands for a literal `@…`); in a map
//! of groups, each member flag takes `KEY=VALUE` and the entries are grouped
//! by key. Booleans are sent `1` or `0`.

use sitehost::{ListEncoding, Param, ParamKind};
use std::collections::HashMap;

/// The values given for each flag, by parameter key, in the order given.
pub type Values = HashMap<String, Vec<String>>;

/// A value or combination the command line refuses before sending.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Usage(pub String);

/// The fields of a request, in wire order, from the values given.
pub fn wire_fields(params: &[Param], values: &Values) -> Result<Vec<(String, String)>, Usage> {
    let mut out = Vec::new();
    walk(params, "", "", &Select::All, values, &mut out)?;
    Ok(out)
}

/// Which of a flag's values belong to the entry being written.
enum Select {
    All,
    Index(usize),
    Key(String),
}

fn walk(
    params: &[Param],
    key_prefix: &str,
    wire_prefix: &str,
    select: &Select,
    values: &Values,
    out: &mut Vec<(String, String)>,
) -> Result<(), Usage> {
    for p in params {
        let key = join_key(key_prefix, p.name);
        let wire = join_wire(wire_prefix, p.name);
        match p.kind {
            ParamKind::Group(members) => {
                if p.map {
                    for entry in group_keys(&key, select, values) {
                        let wire = format!("{wire}[{entry}]");
                        walk(members, &key, &wire, &Select::Key(entry), values, out)?;
                    }
                } else if let Some(encoding) = p.list {
                    for i in 0..group_count(&key, select, values) {
                        let wire = format!("{wire}{}", suffix(encoding, i));
                        walk(members, &key, &wire, &Select::Index(i), values, out)?;
                    }
                } else if group_given(&key, select, values) {
                    check_members(members, &key, select, values)?;
                    walk(members, &key, &wire, select, values, out)?;
                }
            }
            kind => {
                let given = selected(&key, select, values);
                if p.map {
                    let mut entries: Vec<(String, Vec<String>)> = Vec::new();
                    for value in given {
                        let (entry, value) = split_entry(&key, &value)?;
                        match entries.iter_mut().find(|(k, _)| *k == entry) {
                            Some((_, list)) => list.push(value),
                            None => entries.push((entry, vec![value])),
                        }
                    }
                    for (entry, list) in entries {
                        let wire = format!("{wire}[{entry}]");
                        scalars(p, kind, &wire, list, out)?;
                    }
                } else {
                    scalars(p, kind, &wire, given, out)?;
                }
            }
        }
    }
    Ok(())
}

/// Writes a scalar parameter's values: one, or a list's.
fn scalars(
    p: &Param,
    kind: ParamKind,
    wire: &str,
    given: Vec<String>,
    out: &mut Vec<(String, String)>,
) -> Result<(), Usage> {
    match p.list {
        Some(encoding) => {
            for (i, value) in given.into_iter().enumerate() {
                let value = if p.or_auto && value == sitehost::AUTO {
                    value
                } else {
                    convert(kind, value)?
                };
                out.push((format!("{wire}{}", suffix(encoding, i)), value));
            }
        }
        None => {
            if given.len() > 1 {
                return Err(Usage(format!(
                    "`{wire}` takes one value, not {}",
                    given.len()
                )));
            }
            if let Some(value) = given.into_iter().next() {
                out.push((wire.to_owned(), convert(kind, value)?));
            }
        }
    }
    Ok(())
}

/// A member required whenever its group is sent, missing from a group that is.
fn check_members(
    members: &[Param],
    key: &str,
    select: &Select,
    values: &Values,
) -> Result<(), Usage> {
    for m in members.iter().filter(|m| m.required) {
        let member = join_key(key, m.name);
        let given = match m.kind {
            ParamKind::Group(_) => group_given(&member, select, values),
            _ => !selected(&member, select, values).is_empty(),
        };
        if !given {
            return Err(Usage(format!(
                "--{} is required when any other --{}-… flag is given",
                flag_name(&member),
                flag_name(key)
            )));
        }
    }
    Ok(())
}

/// The flag of a parameter key: `filters.sort_by` is `filters-sort-by`.
pub fn flag_name(key: &str) -> String {
    key.to_ascii_lowercase().replace(['_', '.'], "-")
}

pub(crate) fn join_key(prefix: &str, name: &str) -> String {
    if prefix.is_empty() {
        name.to_owned()
    } else {
        format!("{prefix}.{name}")
    }
}

pub(crate) fn join_wire(prefix: &str, name: &str) -> String {
    if prefix.is_empty() {
        name.to_owned()
    } else {
        format!("{prefix}[{name}]")
    }
}

pub(crate) fn suffix(encoding: ListEncoding, index: usize) -> String {
    match encoding {
        ListEncoding::Brackets => "[]".to_owned(),
        _ => format!("[{index}]"),
    }
}

/// The values of the flag `key` that belong to the entry `select` names.
fn selected(key: &str, select: &Select, values: &Values) -> Vec<String> {
    let Some(given) = values.get(key) else {
        return Vec::new();
    };
    match select {
        Select::All => given.clone(),
        Select::Index(i) => given.get(*i).cloned().into_iter().collect(),
        Select::Key(entry) => given
            .iter()
            .filter_map(|v| v.split_once('=').filter(|(k, _)| k == entry))
            .map(|(_, v)| v.to_owned())
            .collect(),
    }
}

/// The flags under a group's key, in flag order.
fn under<'v>(key: &str, values: &'v Values) -> Vec<&'v String> {
    let prefix = format!("{key}.");
    let mut keys: Vec<&String> = values.keys().filter(|k| k.starts_with(&prefix)).collect();
    keys.sort();
    keys
}

fn group_given(key: &str, select: &Select, values: &Values) -> bool {
    under(key, values)
        .into_iter()
        .any(|k| !selected(k, select, values).is_empty())
}

fn group_count(key: &str, select: &Select, values: &Values) -> usize {
    under(key, values)
        .into_iter()
        .map(|k| match select {
            Select::All => values[k].len(),
            _ => selected(k, select, values).len(),
        })
        .max()
        .unwrap_or(0)
}

fn group_keys(key: &str, select: &Select, values: &Values) -> Vec<String> {
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

/// The wire form of a checked value.
fn convert(kind: ParamKind, value: String) -> Result<String, Usage> {
    match kind {
        ParamKind::Boolean => match value.to_ascii_lowercase().as_str() {
            "true" | "1" | "yes" => Ok("1".to_owned()),
            "false" | "0" | "no" => Ok("0".to_owned()),
            _ => Err(Usage(format!(
                "{value:?} is not a boolean: use true or false"
            ))),
        },
        ParamKind::Integer if value.trim().parse::<i64>().is_err() => {
            Err(Usage(format!("{value:?} is not an integer")))
        }
        ParamKind::Choice(allowed) if !allowed.contains(&value.as_str()) => Err(Usage(format!(
            "{value:?} is not one of {}",
            allowed.join(", ")
        ))),
        _ => Ok(value),
    }
}
