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

pub use decode::decode;
pub use encode::encode;
pub use reason::{InvalidValue, Reason};
pub use scalar::{from_text, to_wire};

use serde_json::{Map, Value};

/// The value at `path` of a request's value (`["filters", "page_number"]`).
pub fn get<'v>(args: &'v Map<String, Value>, path: &[&str]) -> Option<&'v Value> {
    let (first, rest) = path.split_first()?;
    let mut here = args.get(*first)?;
    for name in rest {
        here = here.as_object()?.get(*name)?;
    }
    Some(here)
}

/// Sets the value at `path`, making the groups on the way.
pub fn set(args: &mut Map<String, Value>, path: &[&str], value: Value) {
    let Some((last, parents)) = path.split_last() else {
        return;
    };
    let mut here = args;
    for name in parents {
        let slot = here
            .entry((*name).to_owned())
            .or_insert_with(|| Value::Object(Map::new()));
        if !slot.is_object() {
            *slot = Value::Object(Map::new());
        }
        let Value::Object(next) = slot else {
            return;
        };
        here = next;
    }
    here.insert((*last).to_owned(), value);
}

/// The wire name of a parameter path: `["filters", "page_number"]` is
/// `filters[page_number]`.
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
