//! The wire grammar, implemented once: a request's parameters as a dynamic
//! value (the parameter tree as JSON) to the ordered fields the API takes,
//! and those fields back to the value.
//!
//! The value is a JSON object keyed by parameter names: a scalar is a JSON
//! string, number (integers) or boolean, an enum's value a string; a group
//! is an object of its members, a list an array (or the string `"auto"`
//! where the list may be `auto`), a map an object keyed by the caller's
//! data. On the wire, the parts of a name come in the order name, map key,
//! list index, member: `containers[add][examplenz][0]`,
//! `nameservers[0][name]`; booleans are `1` and `0`.
//!
//! The generated request types encode through [`Form`](crate::Form) with
//! the same rules; a property test over every endpoint of the spec checks
//! that both give the same fields. The command line folds its flags into a
//! value ([`from_text`] reads each flag's text), the MCP server's arguments
//! are one, and the fake API reads requests back with [`decode`], which also
//! checks them as the API does (names, order, required parameters, values).
//!
//! The scalar rules, the same wherever a value comes from:
//!
//! - an integer is written in decimal digits with an optional leading `-`
//!   (`" 1"`, `"1 "` and `"+1"` are refused everywhere, before anything is
//!   sent);
//! - a boolean is `true` or `false` (as text also `1` or `0`), sent as `1`
//!   or `0`; `yes` and `no` are refused;
//! - an enum's value is one of its values, exactly as the API writes it;
//! - no value is empty: an optional parameter is left out instead;
//! - a list that may be `auto` takes the single value `auto` in place of
//!   its values;
//! - a map's keys are not empty and hold no `[` or `]`.
//!
//! A map's entries are sent in the value's key order (JSON objects have no
//! order of their own); the request types send them in the caller's order.

mod decode;
mod encode;
mod reason;
mod scalar;
pub mod schema;

pub use decode::decode;
pub use encode::encode;
pub use reason::{InvalidValue, Reason};
pub use scalar::{from_json, from_text, to_wire};

use crate::Param;
use serde_json::{Map, Value};

/// The value at `path` of a request's value (`["filters", "page_number"]`).
/// A name of digits, or empty, in a list names an element
/// (`["variables", "0", "name"]`, or `""` for a list in brackets: the first).
#[inline]
pub fn get<'v>(args: &'v Map<String, Value>, path: &[&str]) -> Option<&'v Value> {
    let (first, rest) = path.split_first()?;
    let mut here = args.get(*first)?;
    for name in rest {
        here = match here {
            Value::Array(items) => items.get(index(name)?)?,
            other => other.as_object()?.get(*name)?,
        };
    }
    Some(here)
}

/// The parameter at `path` of a parameter tree, the names of list elements
/// passed over as in [`get`] (`["variables", "0", "name"]` is the member
/// `name` of `variables`).
#[inline]
pub fn param_at(params: &'static [Param], path: &[&str]) -> Option<&'static Param> {
    let (first, rest) = path.split_first()?;
    let mut here = params.iter().find(|p| p.name == *first)?;
    for name in rest {
        if index(name).is_some() {
            continue;
        }
        here = here.members()?.iter().find(|p| p.name == *name)?;
    }
    Some(here)
}

/// The element a path's name names in a list: digits, or the first for an
/// empty name (a list in brackets).
#[inline]
fn index(name: &str) -> Option<usize> {
    if name.is_empty() {
        Some(0)
    } else if name.bytes().all(|b| b.is_ascii_digit()) {
        name.parse().ok()
    } else {
        None
    }
}

/// Sets the value at `path`, making the groups (and lists, where a name is
/// an element's, as in [`get`]) on the way.
#[inline]
pub fn set(args: &mut Map<String, Value>, path: &[&str], value: Value) {
    let Some((first, rest)) = path.split_first() else {
        return;
    };
    let empty = |next: Option<&&str>| match next {
        Some(name) if index(name).is_some() => Value::Array(Vec::new()),
        _ => Value::Object(Map::new()),
    };
    if rest.is_empty() {
        args.insert((*first).to_owned(), value);
        return;
    }
    let mut here = args
        .entry((*first).to_owned())
        .or_insert_with(|| empty(rest.first()));
    for (i, name) in rest.iter().enumerate() {
        let last = i + 1 == rest.len();
        let next = rest.get(i + 1);
        let fits = match here {
            Value::Array(_) => index(name).is_some(),
            Value::Object(_) => true,
            _ => false,
        };
        if !fits {
            *here = if index(name).is_some() {
                Value::Array(Vec::new())
            } else {
                Value::Object(Map::new())
            };
        }
        here = match here {
            Value::Array(items) => {
                let at = index(name).unwrap_or(0);
                while items.len() <= at {
                    items.push(Value::Null);
                }
                if last {
                    items[at] = value;
                    return;
                }
                if items[at].is_null() {
                    items[at] = empty(next);
                }
                &mut items[at]
            }
            Value::Object(object) => {
                if last {
                    object.insert((*name).to_owned(), value);
                    return;
                }
                object
                    .entry((*name).to_owned())
                    .or_insert_with(|| empty(next))
            }
            _ => return,
        };
    }
}

/// The wire name of a parameter path: `["filters", "page_number"]` is
/// `filters[page_number]`.
#[inline]
pub fn wire_name(path: &[&str]) -> String {
    let mut name = String::new();
    for (i, part) in path.iter().enumerate() {
        if i == 0 {
            name.push_str(part);
        } else {
            name.push('[');
            name.push_str(part);
            name.push(']');
        }
    }
    name
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{ListEncoding, Param, ParamKind};
    use serde_json::json;

    const MEMBERS: &[Param] = &[
        Param::required("name", ParamKind::String),
        Param::optional("ttl", ParamKind::Integer),
    ];
    const PARAMS: &[Param] = &[
        Param::required("client_id", ParamKind::Integer),
        Param::optional("on", ParamKind::Boolean),
        Param::optional("dir", ParamKind::Choice(&["ASC", "DESC"])),
        Param::optional("ns", ParamKind::Group(MEMBERS)).list(ListEncoding::Indexed),
        Param::optional("envs", ParamKind::String).map("file name"),
        Param::optional("ips", ParamKind::String)
            .list(ListEncoding::Brackets)
            .or_auto(),
    ];

    fn fields(args: Value) -> Result<Vec<String>, String> {
        let args = args.as_object().cloned().unwrap_or_default();
        encode(PARAMS, &args)
            .map(|f| f.into_iter().map(|(n, v)| format!("{n}={v}")).collect())
            .map_err(|e| e.to_string())
    }

    #[test]
    fn paths_name_groups_and_the_elements_of_lists() {
        let mut args = Map::new();
        set(&mut args, &["filters", "page_number"], json!(2));
        set(&mut args, &["variables", "0", "name"], json!("A"));
        set(&mut args, &["variables", "0", "content"], json!("1"));
        set(&mut args, &["names", "", "name"], json!("x"));
        assert_eq!(
            Value::Object(args.clone()),
            json!({"filters": {"page_number": 2}, "variables": [{"name": "A", "content": "1"}],
                   "names": [{"name": "x"}]})
        );
        assert_eq!(
            get(&args, &["variables", "0", "content"]),
            Some(&json!("1"))
        );
        assert_eq!(get(&args, &["names", "", "name"]), Some(&json!("x")));
        assert_eq!(get(&args, &["variables", "1", "name"]), None);
        assert_eq!(get(&args, &["filters", "0"]), None);
        assert_eq!(wire_name(&["variables", "0", "name"]), "variables[0][name]");
        assert_eq!(wire_name(&["names", "", "name"]), "names[][name]");
    }

    #[test]
    fn values_become_ordered_fields_and_back() {
        let args = json!({"envs": {"a.env": "x"}, "on": false, "client_id": 1,
                          "ns": [{"name": "ns1", "ttl": 5}, {"name": "ns2"}], "ips": "auto"});
        assert_eq!(
            fields(args.clone()),
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
        let sent = encode(PARAMS, args.as_object().unwrap()).unwrap();
        assert_eq!(Value::Object(decode(PARAMS, &sent).unwrap()), args);
    }

    #[test]
    fn one_wording_of_each_refusal() {
        let error = |args| fields(args).unwrap_err();
        assert_eq!(error(json!({})), "parameter `client_id` is required");
        assert!(error(json!({"client_id": "1"})).contains("`client_id` must be an integer"));
        assert!(error(json!({"client_id": 1, "dir": "UP"})).ends_with("must be one of ASC, DESC"));
        assert_eq!(
            error(json!({"client_id": 1, "ns": [{"ttl": 1}]})),
            "parameter `ns[0][name]` is required"
        );
        assert!(
            error(json!({"client_id": 1, "ns": [{"name": "a", "x": 1}]}))
                .contains("`ns[0][x]` is not a parameter")
        );
        assert!(error(json!({"client_id": 1, "bogus": 1})).contains("`bogus` is not a parameter"));
        assert!(
            error(json!({"client_id": 1, "envs": {"a]": "x"}})).contains("has a key that is empty")
        );
        assert!(
            error(json!({"client_id": 1, "ips": "some"})).contains("must be a list or \"auto\"")
        );
        assert!(error(json!({"client_id": 1, "envs": {"a": ""}})).contains("`envs[a]` is empty"));
    }

    #[test]
    fn paths_reach_into_groups() {
        let mut args = Map::new();
        set(&mut args, &["filters", "page_number"], json!(2));
        assert_eq!(get(&args, &["filters", "page_number"]), Some(&json!(2)));
        assert_eq!(get(&args, &["filters", "page_size"]), None);
        assert_eq!(
            wire_name(&["filters", "page_number"]),
            "filters[page_number]"
        );
    }
}
