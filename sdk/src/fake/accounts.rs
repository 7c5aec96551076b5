//! The accounts the fake serves ([`FakeApiBuilder::accounts`](super::FakeApiBuilder::accounts)):
//! each an API key with its own client ID, objects, jobs and rate limit, as
//! the API keeps each account apart and knows the account by the key.

use super::chaos::SplitMix64;
use super::jobs::FakeJob;
use super::rules::Limit;
use super::store::Store;
use crate::{Endpoint, Request, ResourceOp, Role};
use serde_json::{Map, Value};
use std::collections::{BTreeSet, HashMap};

/// The client ID of the first account; the next accounts count on from it.
pub(super) const FIRST_CLIENT_ID: i64 = 1;

/// One account: its key and all it holds.
pub(super) struct Account {
    pub(super) key: String,
    pub(super) client_id: i64,
    pub(super) store: Store,
    pub(super) jobs: HashMap<i64, FakeJob>,
    pub(super) limit: Limit,
}

/// `count` keys (at least one), the first `first`, the others made from it:
/// 32 lowercase hexadecimal digits, as the API's keys look, each different
/// from the others.
pub(super) fn keys(first: &str, count: usize) -> Vec<String> {
    let mut keys = vec![first.to_owned()];
    let mut random = SplitMix64(fnv1a(first.as_bytes()));
    while keys.len() < count.max(1) {
        let key = format!("{:016x}{:016x}", random.next(), random.next());
        if !keys.contains(&key) {
            keys.push(key);
        }
    }
    keys
}

/// FNV-1a, a hash whose value no platform or release changes.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xCBF2_9CE4_8422_2325, |hash, byte| {
        (hash ^ u64::from(*byte)).wrapping_mul(0x0100_0000_01B3)
    })
}

/// What an account other than the first starts holding: `store` (what the
/// first holds), with the account's client ID in each field a create
/// records the client ID in, as the endpoints declare (`dns_zone`'s
/// `client_id`), except fields that name an object or its parent.
pub(super) fn own(mut store: Store, endpoints: &[&'static Endpoint], client_id: i64) -> Store {
    let mut fields = BTreeSet::new();
    for endpoint in endpoints {
        let (Some(uses), Some(param)) = (endpoint.resource, endpoint.param_with(Role::ClientId))
        else {
            continue;
        };
        if !matches!(uses.op, ResourceOp::Create | ResourceOp::Set) {
            continue;
        }
        let resource = uses.resource;
        let names = |field: &str| {
            resource.key.contains(&field)
                || resource
                    .parent
                    .is_some_and(|p| p.key.iter().any(|(own, _)| *own == field))
        };
        for (field, path) in uses.fields {
            if *path == [param.name] && !names(field) {
                fields.insert((resource.name, *field));
            }
        }
    }
    for (resource, field) in fields {
        store.set_everywhere(resource, field, &client_id.to_string());
    }
    store
}

/// The account whose key a request's fields send first, if any.
pub(super) fn of(accounts: &[Account], fields: &[(String, String)]) -> Option<usize> {
    let (name, key) = fields.first()?;
    if name != "apikey" {
        return None;
    }
    accounts.iter().position(|a| a.key == *key)
}

/// The refusal of a request (already checked for its key) that names an
/// account other than its key's. The endpoint that describes a key's
/// account (`/api/get_info`) takes any client ID, as the API documents.
/// With one account the fake takes any client ID, as it always has, so
/// that a test may send whichever it likes.
///
/// No source shows the API's words for such a request; the fake says it as
/// it says its other refusals of a key, beginning `Unauthorised:`.
pub(super) fn refuse_client(
    accounts: usize,
    client_id: i64,
    endpoint: &Endpoint,
    request: &Map<String, Value>,
) -> Option<String> {
    if accounts < 2 || describes_account(endpoint) {
        return None;
    }
    let param = endpoint.param_with(Role::ClientId)?;
    let sent = request.get(param.name)?;
    (sent.as_i64() != Some(client_id))
        .then(|| format!("Unauthorised: the API key does not belong to client {sent}."))
}

/// Whether `endpoint` is the one that describes the key's account.
pub(super) fn describes_account(endpoint: &Endpoint) -> bool {
    endpoint.path == <crate::api::api::GetInfo as Request>::ENDPOINT.path
}

/// The answer of the endpoint that describes the key's account, made to
/// name the key's own client: each field of `return` named like the
/// client's parameter holds the account's client ID, typed as the shape
/// types it.
pub(super) fn name_client(endpoint: &Endpoint, client_id: i64, answer: &mut Value) {
    if !describes_account(endpoint) {
        return;
    }
    let Some(param) = endpoint.param_with(Role::ClientId) else {
        return;
    };
    let Some(slot) = answer
        .get_mut("return")
        .and_then(Value::as_object_mut)
        .and_then(|r| r.get_mut(param.name))
    else {
        return;
    };
    let text = endpoint
        .returns
        .and_then(|r| r.shape_info())
        .and_then(|s| s.field(param.name))
        .is_none_or(|f| matches!(f.kind, crate::FieldKind::String));
    *slot = if text {
        Value::String(client_id.to_string())
    } else {
        Value::from(client_id)
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_distinct_and_look_like_keys() {
        let keys = keys("fake-api-key", 50);
        assert_eq!(keys.len(), 50);
        assert_eq!(keys[0], "fake-api-key");
        let mut sorted = keys.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), 50, "keys repeat");
        for key in &keys[1..] {
            assert_eq!(key.len(), 32, "{key}");
            assert!(
                key.bytes()
                    .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
            );
            assert_eq!(crate::ApiKey::new(key.as_str()).problem(), None);
        }
        assert_eq!(super::keys("k", 0), ["k"]);
        assert_ne!(super::keys("a", 2)[1], super::keys("b", 2)[1]);
    }
}
