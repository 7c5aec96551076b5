//! The fake's check of a request's fields against the endpoint's documented
//! parameters: names, order, required members, list and map forms, values.

use crate::{Endpoint, ListEncoding, Param, ParamKind};
use std::collections::HashMap;

/// Checks the fields against the endpoint's documented parameters, as the
/// real API would; `Err` holds the `msg` to answer with.
///
/// Every field name is matched against the parameters (group members, map
/// keys and list indexes included) and given a position: the parameter's
/// place, then its map key's place (keys in the order first sent), list
/// index and member's place. Positions must rise from field to field, which
/// is the documented order with each list element's members together.
pub fn check(endpoint: &Endpoint, key: &str, fields: &[(String, String)]) -> Result<(), String> {
    let mut fields = fields.iter();
    match fields.next() {
        Some((name, value)) if name == "apikey" => {
            if value != key {
                return Err("Unauthorised: the API key is not valid.".to_owned());
            }
        }
        Some(_) => return Err("Unauthorised: apikey must be the first parameter.".to_owned()),
        None => return Err("Unauthorised: no apikey.".to_owned()),
    }
    let mut walk = Walk::default();
    let mut previous: Option<(Vec<usize>, &str)> = None;
    for (name, value) in fields {
        let Some((base, segments)) = split_name(name) else {
            return Err(format!("Malformed parameter name {name}."));
        };
        let candidates: Vec<usize> = endpoint
            .params
            .iter()
            .enumerate()
            .filter(|(_, p)| p.name == base)
            .map(|(i, _)| i)
            .collect();
        if candidates.is_empty() {
            return Err(format!("Unknown parameter {name}."));
        }
        let mut located = Err(String::new());
        for i in candidates {
            located = walk.locate(&endpoint.params[i], i, &segments, value, name);
            if located.is_ok() {
                break;
            }
        }
        let position = located?;
        if let Some((before, before_name)) = &previous
            && position <= *before
        {
            return Err(format!(
                "Parameter {name} is out of order: it must come before {before_name}."
            ));
        }
        previous = Some((position, name));
    }
    walk.missing(endpoint.params)
}

/// What [`check`] has seen so far.
#[derive(Default)]
struct Walk {
    positions: Vec<Vec<usize>>,
    /// Map keys in the order first sent, by the position of their map.
    keys: HashMap<Vec<usize>, Vec<String>>,
    /// The next index of each list, by the position of the list.
    lists: HashMap<Vec<usize>, usize>,
    /// Groups sent: their position and members.
    groups: Vec<(Vec<usize>, &'static [Param])>,
}

impl Walk {
    fn locate(
        &mut self,
        param: &'static Param,
        index: usize,
        segments: &[&str],
        value: &str,
        name: &str,
    ) -> Result<Vec<usize>, String> {
        let mut position = Vec::with_capacity(4);
        let mut param = param;
        let mut index = index;
        let mut rest = segments;
        loop {
            position.push(index);
            if param.map {
                let Some((key, more)) = rest.split_first().filter(|(k, _)| !k.is_empty()) else {
                    return Err(format!(
                        "Parameter {name} needs a key: {}[<key>].",
                        param.name
                    ));
                };
                let keys = self.keys.entry(position.clone()).or_default();
                let ordinal = match keys.iter().position(|k| k == key) {
                    Some(ordinal) => ordinal,
                    None => {
                        keys.push((*key).to_owned());
                        keys.len() - 1
                    }
                };
                position.push(ordinal);
                rest = more;
            }
            if let Some(encoding) = param.list {
                let Some((item, more)) = rest.split_first() else {
                    return Err(format!(
                        "Parameter {name} is a list: send {}.",
                        list_form(param.name, encoding)
                    ));
                };
                let next = self.lists.entry(position.clone()).or_default();
                let element = match (encoding, *item) {
                    (ListEncoding::Brackets, "") => {
                        *next += 1;
                        *next - 1
                    }
                    (ListEncoding::Indexed, digits)
                        if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) =>
                    {
                        let i: usize = digits
                            .parse()
                            .map_err(|_| format!("Bad index in {name}."))?;
                        if i > *next || (i + 1 < *next) {
                            return Err(format!(
                                "Parameter {name} is out of place: send {} in order.",
                                list_form(param.name, encoding)
                            ));
                        }
                        *next = (*next).max(i + 1);
                        i
                    }
                    _ => {
                        return Err(format!(
                            "Parameter {name} must be sent as {}.",
                            list_form(param.name, encoding)
                        ));
                    }
                };
                position.push(element);
                rest = more;
            }
            match param.kind {
                ParamKind::Group(members) => {
                    if !self.groups.iter().any(|(p, _)| *p == position) {
                        self.groups.push((position.clone(), members));
                    }
                    let Some((member, more)) = rest.split_first() else {
                        return Err(format!(
                            "Parameter {name} is a group: send its members as {name}[member]."
                        ));
                    };
                    let Some(i) = members.iter().position(|m| m.name == *member) else {
                        return Err(format!("Unknown parameter {name}."));
                    };
                    param = &members[i];
                    index = i;
                    rest = more;
                }
                kind => {
                    if !rest.is_empty() {
                        return Err(format!("Parameter {name} has too many brackets."));
                    }
                    if param.or_auto && value == crate::AUTO {
                        self.positions.push(position.clone());
                        return Ok(position);
                    }
                    check_value(kind, name, value)?;
                    self.positions.push(position.clone());
                    return Ok(position);
                }
            }
        }
    }

    /// The first required parameter (or member of a group sent) that is missing.
    fn missing(&self, params: &'static [Param]) -> Result<(), String> {
        let sent = |prefix: &[usize]| self.positions.iter().any(|p| p.starts_with(prefix));
        for (i, p) in params.iter().enumerate() {
            let split = params.iter().filter(|q| q.name == p.name).count() > 1;
            if p.required
                && !sent(&[i])
                && !(split
                    && params
                        .iter()
                        .enumerate()
                        .any(|(j, q)| q.name == p.name && sent(&[j])))
            {
                return Err(format!("Missing required parameter {}.", p.name));
            }
        }
        for (position, members) in &self.groups {
            for (j, m) in members.iter().enumerate() {
                let mut prefix = position.clone();
                prefix.push(j);
                if m.required && !sent(&prefix) {
                    return Err(format!("Missing required parameter {} in a group.", m.name));
                }
            }
        }
        Ok(())
    }
}

fn list_form(name: &str, encoding: ListEncoding) -> String {
    match encoding {
        ListEncoding::Indexed => format!("{name}[0], {name}[1], …"),
        ListEncoding::Brackets => format!("{name}[], {name}[], …"),
    }
}

fn check_value(kind: ParamKind, name: &str, value: &str) -> Result<(), String> {
    match kind {
        ParamKind::Integer if value.parse::<i64>().is_err() => {
            Err(format!("Parameter {name} must be an integer."))
        }
        ParamKind::Boolean if value != "0" && value != "1" => {
            Err(format!("Parameter {name} must be 0 or 1."))
        }
        ParamKind::Choice(values) if !values.contains(&value) => Err(format!(
            "Parameter {name} must be one of {}.",
            values.join(", ")
        )),
        _ if value.is_empty() => Err(format!("Parameter {name} must not be empty.")),
        _ => Ok(()),
    }
}

/// `params[Phone][Country]` into `("params", ["Phone", "Country"])`; `None`
/// when the brackets do not pair up.
fn split_name(name: &str) -> Option<(&str, Vec<&str>)> {
    let Some(open) = name.find('[') else {
        return Some((name, Vec::new()));
    };
    let base = &name[..open];
    let mut segments = Vec::new();
    let mut rest = &name[open..];
    while !rest.is_empty() {
        let inner = rest.strip_prefix('[')?;
        let close = inner.find(']')?;
        segments.push(&inner[..close]);
        rest = &inner[close + 1..];
    }
    (!base.is_empty()).then_some((base, segments))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Method;

    const ENDPOINT: Endpoint = Endpoint::new(
        Method::Post,
        "1.3",
        "/x",
        &[
            Param::required("a", ParamKind::Integer),
            Param::optional("b", ParamKind::String),
            Param::required("c", ParamKind::String),
            Param::optional("d", ParamKind::String).list(ListEncoding::Indexed),
        ],
    );

    fn fields(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn accepts_documented_order() {
        let ok = fields(&[
            ("apikey", "k"),
            ("a", "1"),
            ("c", "x"),
            ("d[0]", "p"),
            ("d[1]", "q"),
        ]);
        assert_eq!(check(&ENDPOINT, "k", &ok), Ok(()));
        let with_b = fields(&[("apikey", "k"), ("a", "1"), ("b", "y"), ("c", "x")]);
        assert_eq!(check(&ENDPOINT, "k", &with_b), Ok(()));
    }

    #[test]
    fn refuses_what_the_api_refuses() {
        let cases: &[(&[(&str, &str)], &str)] = &[
            (
                &[("a", "1"), ("apikey", "k"), ("c", "x")],
                "apikey must be the first",
            ),
            (&[("apikey", "bad"), ("a", "1"), ("c", "x")], "not valid"),
            (&[("apikey", "k"), ("c", "x"), ("a", "1")], "out of order"),
            (
                &[("apikey", "k"), ("c", "x")],
                "Missing required parameter a",
            ),
            (
                &[("apikey", "k"), ("a", "1"), ("c", "x"), ("b", "y")],
                "out of order",
            ),
            (
                &[("apikey", "k"), ("a", "one"), ("c", "x")],
                "must be an integer",
            ),
            (
                &[("apikey", "k"), ("a", "1")],
                "Missing required parameter c",
            ),
            (
                &[("apikey", "k"), ("a", "1"), ("c", "x"), ("d[1]", "p")],
                "d[0]",
            ),
            (
                &[("apikey", "k"), ("a", "1"), ("c", "x"), ("d[]", "p")],
                "d[0]",
            ),
            (
                &[("apikey", "k"), ("a", "1"), ("c", "x"), ("e", "p")],
                "Unknown parameter e",
            ),
            (
                &[("apikey", "k"), ("a", "1"), ("a", "2"), ("c", "x")],
                "out of order",
            ),
        ];
        for (pairs, expected) in cases {
            let msg = check(&ENDPOINT, "k", &fields(pairs)).unwrap_err();
            assert!(msg.contains(expected), "{pairs:?}: {msg}");
        }
    }
}
