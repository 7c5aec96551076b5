//! Wire fields back to a request's value, checked as the API checks them.

use super::scalar::from_text;
use super::{InvalidValue, Reason};
use crate::endpoint::{ListEncoding, Param, ParamKind};
use crate::form::AUTO;
use serde_json::{Map, Value};
use std::collections::HashMap;

/// The value of a request's fields (without `apikey`), checked as the API
/// checks them: every name is one of the endpoint's parameters (group
/// members, map keys and list indexes included), the fields come in the
/// documented order with each list element's members together, lists in
/// their encoding and in order, every value of its type, and every required
/// parameter (and required member of a group that is sent) is there.
///
/// # Errors
///
/// The first field that does not fit, or the first required parameter
/// missing.
#[inline]
pub fn decode(
    params: &'static [Param],
    fields: &[(String, String)],
) -> Result<Map<String, Value>, InvalidValue> {
    let mut walk = Walk::default();
    let mut value = Value::Object(Map::new());
    let mut previous: Option<(Vec<usize>, &str)> = None;
    for (name, text) in fields {
        let Some((base, segments)) = split_name(name) else {
            return Err(InvalidValue::new(name.clone(), Reason::Malformed));
        };
        let candidates: Vec<usize> = params
            .iter()
            .enumerate()
            .filter(|(_, p)| p.name == base)
            .map(|(i, _)| i)
            .collect();
        if candidates.is_empty() {
            return Err(InvalidValue::new(
                name.clone(),
                Reason::Unknown(params.iter().map(|p| p.name).collect()),
            ));
        }
        // A group split in two on the wire has two entries of one name:
        // the field belongs to the first that has its member.
        let mut located = Err(InvalidValue::new(name.clone(), Reason::Malformed));
        for i in candidates {
            located = walk.locate(&params[i], i, &segments, text, name);
            if located.is_ok() {
                break;
            }
        }
        let (position, steps, item) = located?;
        if let Some((before, before_name)) = &previous
            && position <= *before
        {
            return Err(InvalidValue::new(
                name.clone(),
                Reason::OutOfOrder((*before_name).to_owned()),
            ));
        }
        if !place(&mut value, base, &steps, item) {
            // A value after a list's `auto`, which stands alone.
            return Err(InvalidValue::new(name.clone(), Reason::Malformed));
        }
        previous = Some((position, name));
    }
    walk.missing(params)?;
    match value {
        Value::Object(object) => Ok(object),
        _ => Ok(Map::new()),
    }
}

/// A step into the value: an object's key, or a list's element.
#[derive(Debug, Clone)]
enum Step {
    Key(String),
    Element(usize),
}

/// Puts `item` at `steps` below the top-level parameter `base`; `false`
/// where what is there already is not a list or object to put it in.
#[inline]
fn place(root: &mut Value, base: &str, steps: &[Step], item: Value) -> bool {
    let mut here = root;
    let all = std::iter::once(Step::Key(base.to_owned())).chain(steps.iter().cloned());
    let all: Vec<Step> = all.collect();
    for (i, step) in all.iter().enumerate() {
        let last = i + 1 == all.len();
        let next_is_element = all
            .get(i + 1)
            .is_some_and(|s| matches!(s, Step::Element(_)));
        let empty = || {
            if next_is_element {
                Value::Array(Vec::new())
            } else {
                Value::Object(Map::new())
            }
        };
        here = match step {
            Step::Key(key) => {
                let Value::Object(object) = here else {
                    return false;
                };
                if last {
                    object.insert(key.clone(), item);
                    return true;
                }
                object.entry(key.clone()).or_insert_with(empty)
            }
            Step::Element(index) => {
                let Value::Array(items) = here else {
                    return false;
                };
                while items.len() <= *index {
                    items.push(Value::Null);
                }
                if last {
                    items[*index] = item;
                    return true;
                }
                if items[*index].is_null() {
                    items[*index] = empty();
                }
                &mut items[*index]
            }
        };
    }
    true
}

/// What [`decode`] has seen so far.
#[derive(Default)]
struct Walk {
    positions: Vec<Vec<usize>>,
    /// Map keys in the order first sent, by the position of their map.
    keys: HashMap<Vec<usize>, Vec<String>>,
    /// The next index of each list, by the position of the list.
    lists: HashMap<Vec<usize>, usize>,
    /// Of a list of groups in brackets: the last member sent in its current
    /// element, by the position of the list.
    bracket_members: HashMap<Vec<usize>, usize>,
    /// Groups sent: their position, their wire name and members.
    groups: Vec<(Vec<usize>, String, &'static [Param])>,
}

/// A field located: its position in the documented order, the steps to its
/// place in the value, and its value.
type Located = (Vec<usize>, Vec<Step>, Value);

/// The value of a scalar field sent as `text`: read by its kind, or, for a
/// list that may be `auto`, the single value `auto` standing for the list
/// (its element step dropped from `steps`).
#[inline]
fn leaf(
    param: &Param,
    kind: ParamKind,
    text: &str,
    steps: &mut Vec<Step>,
) -> Result<Value, Reason> {
    if param.or_auto && text == AUTO {
        if matches!(steps.last(), Some(Step::Element(0))) {
            steps.pop();
            return Ok(Value::String(AUTO.to_owned()));
        }
        return Err(Reason::NotList { or_auto: true });
    }
    from_text(kind, text)
}

impl Walk {
    #[inline]
    fn locate(
        &mut self,
        param: &'static Param,
        index: usize,
        segments: &[&str],
        text: &str,
        name: &str,
    ) -> Result<Located, InvalidValue> {
        let fail = |reason: Reason| Err(InvalidValue::new(name, reason));
        let mut position = Vec::with_capacity(4);
        let mut steps = Vec::new();
        let mut param = param;
        let mut index = index;
        let mut rest = segments;
        let mut wire = param.name.to_owned();
        loop {
            position.push(index);
            if param.map {
                let Some((key, more)) = rest.split_first().filter(|(k, _)| !k.is_empty()) else {
                    return fail(Reason::Malformed);
                };
                let ordinal = self.key_ordinal(&position, key);
                position.push(ordinal);
                steps.push(Step::Key((*key).to_owned()));
                wire.push_str(&format!("[{key}]"));
                rest = more;
            }
            if let Some(encoding) = param.list {
                let Some((item, more)) = rest.split_first() else {
                    return fail(Reason::ListForm(param.name, encoding));
                };
                let element = self.element(param, &position, encoding, item, more)?;
                let Some(element) = element else {
                    return fail(Reason::ListForm(param.name, encoding));
                };
                position.push(element);
                steps.push(Step::Element(element));
                wire.push_str(&format!("[{item}]"));
                rest = more;
            }
            match param.kind {
                ParamKind::Group(members) => {
                    if !self.groups.iter().any(|(p, _, _)| *p == position) {
                        self.groups.push((position.clone(), wire.clone(), members));
                    }
                    let Some((member, more)) = rest.split_first() else {
                        return fail(Reason::Malformed);
                    };
                    let Some(i) = members.iter().position(|m| m.name == *member) else {
                        return fail(Reason::Unknown(members.iter().map(|m| m.name).collect()));
                    };
                    param = &members[i];
                    index = i;
                    steps.push(Step::Key((*member).to_owned()));
                    wire.push_str(&format!("[{member}]"));
                    rest = more;
                }
                kind => {
                    if !rest.is_empty() {
                        return fail(Reason::Malformed);
                    }
                    let value = leaf(param, kind, text, &mut steps)
                        .map_err(|reason| InvalidValue::new(name, reason))?;
                    self.positions.push(position.clone());
                    return Ok((position, steps, value));
                }
            }
        }
    }

    /// The ordinal of `key` among the keys sent for the map at `position`:
    /// a new key comes after those sent before it.
    #[inline]
    fn key_ordinal(&mut self, position: &[usize], key: &str) -> usize {
        let keys = self.keys.entry(position.to_vec()).or_default();
        match keys.iter().position(|k| k == key) {
            Some(ordinal) => ordinal,
            None => {
                keys.push(key.to_owned());
                keys.len() - 1
            }
        }
    }

    /// The element of the list at `position` that a field's index segment
    /// names: `Ok(None)` when it is not of the list's encoding or out of
    /// order.
    #[inline]
    fn element(
        &mut self,
        param: &Param,
        position: &[usize],
        encoding: ListEncoding,
        item: &str,
        more: &[&str],
    ) -> Result<Option<usize>, InvalidValue> {
        let next = self.lists.entry(position.to_vec()).or_default();
        Ok(match (encoding, item) {
            (ListEncoding::Brackets, "") => {
                // In a list of groups, an element's members come together:
                // a member at or before the last one starts the next element.
                let member = match (param.kind, more.first()) {
                    (ParamKind::Group(members), Some(m)) => {
                        members.iter().position(|x| x.name == *m)
                    }
                    _ => None,
                };
                let last = self.bracket_members.get(position).copied();
                let starts = match (member, last) {
                    (Some(m), Some(l)) => m <= l,
                    _ => true,
                };
                if let Some(m) = member {
                    self.bracket_members.insert(position.to_vec(), m);
                }
                if starts {
                    *next += 1;
                }
                Some(next.saturating_sub(1))
            }
            (ListEncoding::Indexed, digits)
                if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) =>
            {
                match digits.parse::<usize>() {
                    Ok(i) if i <= *next && i + 1 >= *next => {
                        *next = (*next).max(i + 1);
                        Some(i)
                    }
                    _ => None,
                }
            }
            _ => None,
        })
    }

    /// The first required parameter (or member of a group sent) that is missing.
    #[inline]
    fn missing(&self, params: &'static [Param]) -> Result<(), InvalidValue> {
        let sent = |prefix: &[usize]| self.positions.iter().any(|p| p.starts_with(prefix));
        for (i, p) in params.iter().enumerate() {
            let split = params.iter().filter(|q| q.name == p.name).count() > 1;
            let sent_split = split
                && params
                    .iter()
                    .enumerate()
                    .any(|(j, q)| q.name == p.name && sent(&[j]));
            if p.required && !sent(&[i]) && !sent_split {
                return Err(InvalidValue::new(p.name, Reason::Missing));
            }
        }
        for (position, wire, members) in &self.groups {
            for (j, m) in members.iter().enumerate() {
                let mut prefix = position.clone();
                prefix.push(j);
                if m.required && !sent(&prefix) {
                    return Err(InvalidValue::new(
                        format!("{wire}[{}]", m.name),
                        Reason::Missing,
                    ));
                }
            }
        }
        Ok(())
    }
}

/// `params[Phone][Country]` into `("params", ["Phone", "Country"])`; `None`
/// when the brackets do not pair up.
#[inline]
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

    const PARAMS: &[Param] = &[
        Param::required("a", ParamKind::Integer),
        Param::optional("b", ParamKind::String),
        Param::required("c", ParamKind::String),
        Param::optional("d", ParamKind::String).list(ListEncoding::Indexed),
    ];

    fn fields(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn accepts_documented_order() {
        let ok = fields(&[("a", "1"), ("c", "x"), ("d[0]", "p"), ("d[1]", "q")]);
        let value = decode(PARAMS, &ok).unwrap();
        assert_eq!(
            Value::Object(value),
            serde_json::json!({"a": 1, "c": "x", "d": ["p", "q"]})
        );
        assert!(decode(PARAMS, &fields(&[("a", "1"), ("b", "y"), ("c", "x")])).is_ok());
    }

    #[test]
    fn refuses_what_the_api_refuses() {
        let cases: &[(&[(&str, &str)], &str)] = &[
            (&[("c", "x"), ("a", "1")], "out of order"),
            (&[("c", "x")], "`a` is required"),
            (&[("a", "1"), ("c", "x"), ("b", "y")], "out of order"),
            (&[("a", "one"), ("c", "x")], "must be an integer"),
            (&[("a", " 1"), ("c", "x")], "must be an integer"),
            (&[("a", "+1"), ("c", "x")], "must be an integer"),
            (&[("a", "1")], "`c` is required"),
            (&[("a", "1"), ("c", "x"), ("d[1]", "p")], "d[0]"),
            (&[("a", "1"), ("c", "x"), ("d[]", "p")], "d[0]"),
            (
                &[("a", "1"), ("c", "x"), ("e", "p")],
                "`e` is not a parameter",
            ),
            (&[("a", "1"), ("a", "2"), ("c", "x")], "out of order"),
            (&[("a", "1"), ("c", "")], "is empty"),
        ];
        for (pairs, expected) in cases {
            let error = decode(PARAMS, &fields(pairs)).unwrap_err().to_string();
            assert!(error.contains(expected), "{pairs:?}: {error}");
        }
    }
}
