//! What the fake makes of a request, in the order the API checks one:
//! the key's rate limit, the path and method, the transport, the key and
//! parameters, the client ID; then the fault it meets in chaos mode, if
//! any, and what it does.

use super::{
    FAULT_JOB_MSG, FAULT_REFUSAL_MSG, Fault, RATE_LIMIT_MSG, State, accounts, check, jobs, refusal,
    respond, route, rules, transport,
};
use crate::{Endpoint, Request};
use serde_json::{Map, Value};

/// What the fake makes of a request: an answer (or none, when the
/// connection is reset), and the fault it met.
pub(super) struct Answer {
    pub(super) reply: Option<(u16, Value)>,
    pub(super) fault: Option<Fault>,
}

impl From<(u16, Value)> for Answer {
    fn from(reply: (u16, Value)) -> Answer {
        Answer {
            reply: Some(reply),
            fault: None,
        }
    }
}

/// What the fake makes of a request received with these method, path,
/// query, content type and fields (the module says in what order).
pub(super) fn answer(
    state: &mut State,
    method: &str,
    path: &str,
    query: Option<&str>,
    content_type: Option<&str>,
    fields: &[(String, String)],
) -> Answer {
    let account = accounts::of(&state.accounts, fields);
    let limit = match account {
        Some(i) => &mut state.accounts[i].limit,
        None => &mut state.strangers,
    };
    if let Some(refused) = limit.refuse(std::time::Instant::now()) {
        return (500, refusal(refused)).into();
    }
    let endpoint = match route(&state.endpoints, method, path) {
        Ok(endpoint) => endpoint,
        Err(refused) => return refused.into(),
    };
    if let Err(msg) = transport(endpoint, query, content_type) {
        return (200, refusal(msg)).into();
    }
    // A request whose key is no account's is checked against the first
    // account's key, which refuses it (no key, not first, not valid).
    let at = account.unwrap_or(0);
    let request = match check(endpoint, &state.accounts[at].key, fields) {
        Ok(request) => request,
        Err(msg) => return (200, refusal(&msg)).into(),
    };
    let client_id = state.accounts[at].client_id;
    let several = state.accounts.len();
    if let Some(msg) = accounts::refuse_client(several, client_id, endpoint, &request) {
        return (200, refusal(&msg)).into();
    }
    let fault = state.chaos.draw(endpoint.job.is_some());
    let answer = match fault {
        Some(Fault::Refusal) => Answer {
            reply: Some((200, refusal(FAULT_REFUSAL_MSG))),
            fault,
        },
        Some(Fault::RateLimit) => Answer {
            reply: Some((500, refusal(RATE_LIMIT_MSG))),
            fault,
        },
        Some(Fault::ResetBefore) => Answer { reply: None, fault },
        Some(Fault::ResetAfter | Fault::FailedJob) | None => {
            acted(state, at, endpoint, &request, fault)
        }
    };
    if let Some(fault) = answer.fault {
        state.chaos.served(fault);
    }
    answer
}

/// The answer of a request that acts, and the fault it meets after acting:
/// a reset loses the answer (and a job the request started runs to its end
/// on its own, since nobody learns its ID); a failed job is served only
/// where a job started.
fn acted(
    state: &mut State,
    at: usize,
    endpoint: &'static Endpoint,
    request: &Map<String, Value>,
    fault: Option<Fault>,
) -> Answer {
    let jobs_before = state.next_job;
    let reply = act(
        state,
        at,
        endpoint,
        request,
        fault == Some(Fault::FailedJob),
    );
    let started = (jobs_before..state.next_job).next();
    match fault {
        Some(Fault::ResetAfter) => {
            if let Some(id) = started {
                jobs::finish_now(state, at, id);
            }
            Answer { reply: None, fault }
        }
        Some(Fault::FailedJob) if started.is_none() => reply.into(),
        _ => Answer {
            reply: Some(reply),
            fault,
        },
    }
}

/// What a request that passed the checks does, for account `at`: a job's
/// status, a rule's refusal, or its call; a job it starts fails when
/// `failing` (or a rule says).
fn act(
    state: &mut State,
    at: usize,
    endpoint: &'static Endpoint,
    request: &Map<String, Value>,
    failing: bool,
) -> (u16, Value) {
    if endpoint.path == <crate::JobPoll as Request>::ENDPOINT.path {
        return (200, jobs::status(state, at, endpoint.example, request));
    }
    let action = state.rules.iter_mut().find_map(|rule| rule.take(endpoint));
    if let Some(refused) = action.as_ref().and_then(rules::refusal) {
        return refused;
    }
    let failure = match action {
        Some(rules::Action::FailJob(msg)) => Some(msg),
        _ => failing.then(|| FAULT_JOB_MSG.to_owned()),
    };
    (200, respond(state, at, endpoint, request, failure))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fake::{FakeApi, RecordedRequest};
    use serde_json::json;

    /// The value of `params` made of their examples (a group's of its
    /// members', a list of groups with one), `client_id` where the account
    /// goes.
    fn example_args(params: &[crate::Param], client_id: i64) -> Map<String, Value> {
        let mut args = Map::new();
        for param in params {
            let value = match (param.kind, &param.example) {
                _ if param.role == Some(crate::Role::ClientId) => json!(client_id),
                (crate::ParamKind::Group(members), _) if !param.map => {
                    let group = Value::Object(example_args(members, client_id));
                    if param.list.is_some() {
                        json!([group])
                    } else {
                        group
                    }
                }
                (_, Some(example)) => example.to_json(),
                _ => continue,
            };
            args.insert(param.name.to_owned(), value);
        }
        args
    }

    /// The fields of a request of `endpoint` made of its parameters'
    /// examples, sent with `key` (none when `None`) and `client_id`.
    fn example_fields(
        endpoint: &Endpoint,
        key: Option<&str>,
        client_id: i64,
    ) -> Vec<(String, String)> {
        let args = example_args(endpoint.params, client_id);
        let mut fields: Vec<(String, String)> = key
            .map(|k| ("apikey".to_owned(), k.to_owned()))
            .into_iter()
            .collect();
        fields.extend(crate::wire::encode(endpoint.params, &args).unwrap_or_default());
        fields
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig {
            cases: std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(64),
            failure_persistence: None,
            ..proptest::prelude::ProptestConfig::default()
        })]

        /// Whatever requests of whichever accounts arrive, at any fault
        /// rate, the fake answers or resets without panicking; a reset is
        /// a reset fault, a request with no account's key meets no fault,
        /// and every fault met is counted.
        #[test]
        fn requests_under_faults_never_panic(
            seed in proptest::prelude::any::<u64>(),
            rate in 0.0f64..=1.0,
            sent in proptest::collection::vec((0usize..1000, 0usize..5, 0usize..3), 1..24),
        ) {
            let mut state = FakeApi::builder()
                .accounts(2)
                .faults(rate)
                .fault_seed(seed)
                .state()
                .unwrap();
            let keys: Vec<String> = state.accounts.iter().map(|a| a.key.clone()).collect();
            for (pick, who, whose) in sent {
                let endpoint = state.endpoints[pick % state.endpoints.len()];
                // Mostly an account's key and its own client ID.
                let stranger = who >= 3;
                let key = match who {
                    0..=2 => Some(keys[who % 2].as_str()),
                    3 => Some("0123456789abcdef0123456789abcdef"),
                    _ => None,
                };
                let client_id = if whose < 2 { i64::try_from(who % 2).unwrap() + 1 } else { 7 };
                let fields = example_fields(endpoint, key, client_id);
                let path = endpoint.call().url_path();
                let answer = answer(
                    &mut state,
                    endpoint.method.as_str(),
                    &path,
                    None,
                    Some(crate::CONTENT_TYPE),
                    &fields,
                );
                proptest::prop_assert_eq!(
                    answer.reply.is_none(),
                    answer.fault.is_some_and(Fault::resets)
                );
                if stranger {
                    proptest::prop_assert_eq!(answer.fault, None);
                }
                if let Some((_, body)) = &answer.reply {
                    proptest::prop_assert!(body.get("msg").is_some(), "{}", body);
                }
                state.requests.push(RecordedRequest {
                    method: endpoint.method.as_str().to_owned(),
                    path,
                    query: None,
                    content_type: None,
                    body: String::new(),
                    fields,
                    refused: None,
                    fault: answer.fault,
                    received: std::time::Instant::now(),
                });
            }
            let met = state.requests.iter().filter(|r| r.fault.is_some()).count();
            proptest::prop_assert_eq!(
                u64::try_from(met).unwrap(),
                state.chaos.counts().total()
            );
        }
    }
}
