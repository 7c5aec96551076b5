//! Reading what exists: one list call (and its further pages) for each
//! scope a state file names (the zone of a set of records, the service of a
//! set of variables), never one get per object.

use super::error::PlanError;
use super::kinds::Kind;
use crate::{Client, Error};
use serde_json::{Map, Value};
use std::collections::HashMap;

/// The values of a kind's list key fields (a record's `domain`): which
/// list reads an object.
pub(crate) type Scope = Vec<(&'static str, Value)>;

/// The scope of an object: its values of the list's key fields; `None`
/// where it lacks one.
pub(crate) fn scope_of(kind: &Kind, object: &Map<String, Value>) -> Option<Scope> {
    kind.scope_fields()
        .into_iter()
        .map(|f| {
            object
                .get(f)
                .filter(|v| !v.is_null() && !super::refs::is_reference(v))
                .map(|v| (f, v.clone()))
        })
        .collect()
}

/// What one plan or export has read: the calls made, and each list's
/// items by its request, so that a list read for one kind (database users)
/// is not read again for another it holds (their grants).
#[derive(Debug, Default)]
pub(crate) struct Reads {
    pub calls: usize,
    listed: HashMap<(&'static str, String), Vec<Value>>,
}

/// Every object of `kind` within `scope`, as the API lists them (pages
/// walked), each given the scope's values (a variable's stack and service,
/// which the list does not repeat); the calls made are counted in `reads`.
/// The fields no list returns (`from_get`) are not read: see
/// [`from_get::read`](super::from_get::read).
pub(crate) async fn list(
    client: &Client,
    kind: &Kind,
    scope: &Scope,
    reads: &mut Reads,
) -> Result<Vec<Map<String, Value>>, PlanError> {
    let endpoint = kind.list;
    let uses = Kind::uses(endpoint);
    let mut request = Map::new();
    for ((_, path), (_, value)) in uses.key.iter().zip(scope) {
        let value = super::values::as_param(endpoint.params, path, value)
            .map_err(|reason| invalid(endpoint, reason))?;
        crate::wire::set(&mut request, path, value);
    }
    client.fill_client_id(endpoint, &mut request, true).await?;
    let asked = (endpoint.path, Value::Object(request.clone()).to_string());
    let items = match reads.listed.get(&asked) {
        Some(items) => items.clone(),
        None => {
            let items = items(client, kind, &request, &mut reads.calls).await?;
            reads.listed.insert(asked, items.clone());
            items
        }
    };
    let items = match (kind.desired.read_from, kind.desired.bare_list) {
        (Some(field), _) => held(kind, field, items),
        (None, Some((field, item))) => one_of(field, item, items),
        (None, None) => items,
    };
    let mut out = Vec::new();
    for item in items {
        let Value::Object(mut object) = item else {
            continue;
        };
        for (field, value) in scope {
            if object.get(*field).is_none_or(|v| v.is_null() || v == "") {
                object.insert((*field).to_owned(), value.clone());
            }
        }
        out.push(object);
    }
    Ok(out)
}

/// The items of the kind's list endpoint for this request, every page.
async fn items(
    client: &Client,
    kind: &Kind,
    request: &Map<String, Value>,
    calls: &mut usize,
) -> Result<Vec<Value>, PlanError> {
    let endpoint = kind.list;
    let mut fetch = |number: i64| {
        *calls += 1;
        let mut request = request.clone();
        if let Some(paging) = endpoint.paging {
            crate::wire::set(&mut request, paging.number, Value::from(number));
        }
        async move {
            let returned = client.send_value(endpoint, &request).await?;
            match endpoint.returns {
                Some(returns) => returns
                    .normalize(&returned)
                    .map(|n| n.value)
                    .map_err(|reason| decode(endpoint, reason)),
                None => Ok(returned),
            }
        }
    };
    let items = if endpoint.paging.is_some() {
        crate::walk_pages(fetch, usize::MAX).await?.items
    } else {
        match fetch(1).await? {
            Value::Array(items) => items,
            // A list returned as one object holding a page's `data`: one
            // page, since no source names the parameters of the next.
            Value::Object(mut page) => {
                let items = match page.remove("data") {
                    Some(Value::Array(items)) => items,
                    _ => Vec::new(),
                };
                let total = page.get("total_items").and_then(count);
                if total.is_some_and(|t| t > items.len()) {
                    return Err(PlanError::Unusable(format!(
                        "{} lists {} of {} {} objects, one page, and no source names the                          parameters of its next page: what is not listed could not be matched",
                        endpoint.path,
                        items.len(),
                        total.unwrap_or_default(),
                        kind.name()
                    )));
                }
                items
            }
            _ => Vec::new(),
        }
    };
    Ok(items)
}

/// The objects the parent's listed objects hold in `field` (a user's
/// grants), each given the parent's values of the fields that link it to
/// the parent, which it need not repeat.
fn held(kind: &Kind, field: &str, parents: Vec<Value>) -> Vec<Value> {
    let link = kind.resource.parent.map_or(&[][..], |p| p.key);
    let mut out = Vec::new();
    for parent in parents {
        let Value::Object(mut parent) = parent else {
            continue;
        };
        let Some(Value::Array(children)) = parent.remove(field) else {
            continue;
        };
        for child in children {
            let Value::Object(mut child) = child else {
                continue;
            };
            for (own, theirs) in link {
                if child.get(*own).is_none_or(|v| v.is_null() || v == "")
                    && let Some(value) = parent.get(*theirs)
                {
                    child.insert((*own).to_owned(), value.clone());
                }
            }
            out.push(Value::Object(child));
        }
    }
    out
}

/// The one object whose items a bare list holds (a server's firewall and
/// its groups): their `item` values in `field`, in the order returned;
/// none for an empty list.
fn one_of(field: &str, item: &str, items: Vec<Value>) -> Vec<Value> {
    if items.is_empty() {
        return Vec::new();
    }
    let values: Vec<Value> = items.iter().filter_map(|i| i.get(item).cloned()).collect();
    let mut object = Map::new();
    object.insert(field.to_owned(), Value::Array(values));
    vec![Value::Object(object)]
}

pub(crate) fn invalid(endpoint: &crate::Endpoint, reason: String) -> PlanError {
    PlanError::Unusable(format!("{}: {reason}", endpoint.call()))
}

fn decode(endpoint: &crate::Endpoint, reason: String) -> Error {
    Error::Decode {
        call: endpoint.call(),
        http_status: 200,
        reason,
        snippet: String::new(),
    }
}

/// A count the API may send as a number or as text.
fn count(value: &Value) -> Option<usize> {
    match value {
        Value::Number(n) => n.as_u64().and_then(|n| usize::try_from(n).ok()),
        Value::String(s) => s.parse().ok(),
        _ => None,
    }
}
