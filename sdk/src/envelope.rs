//! The response envelope: `{"return": <value>, "msg": "<text>", "status": <bool>}`.

use crate::ApiKey;
use crate::Call;
use crate::error::{Error, snippet};
use crate::loose::{Decode, LooseBool};
use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};
use serde_json::value::RawValue;
use std::fmt;
use std::marker::PhantomData;

/// The envelope's fields, the values left undecoded until needed.
struct Head<'a> {
    status: Option<LooseBool>,
    msg: Option<&'a RawValue>,
    /// `return: null` is present (unlike a missing `return`).
    value: Option<&'a RawValue>,
}

/// The envelope's keys.
enum Key {
    Status,
    Msg,
    Return,
    Other,
}

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl Visitor<'_> for KeyVisitor {
            type Value = Key;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a key")
            }
            fn visit_str<E: de::Error>(self, key: &str) -> Result<Key, E> {
                Ok(match key {
                    "status" => Key::Status,
                    "msg" => Key::Msg,
                    "return" => Key::Return,
                    _ => Key::Other,
                })
            }
        }
        d.deserialize_identifier(KeyVisitor)
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for Head<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct HeadVisitor<'a>(PhantomData<&'a ()>);
        impl<'de: 'a, 'a> Visitor<'de> for HeadVisitor<'a> {
            type Value = Head<'a>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a SiteHost envelope: an object with `status`")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Head<'a>, A::Error> {
                let mut head = Head {
                    status: None,
                    msg: None,
                    value: None,
                };
                let mut seen = [false; 3];
                let mut first = |i: usize, name: &'static str| {
                    if std::mem::replace(&mut seen[i], true) {
                        Err(de::Error::duplicate_field(name))
                    } else {
                        Ok(())
                    }
                };
                while let Some(key) = map.next_key::<Key>()? {
                    match key {
                        Key::Status => {
                            first(0, "status")?;
                            head.status = map.next_value()?;
                        }
                        Key::Msg => {
                            first(1, "msg")?;
                            head.msg = map.next_value()?;
                        }
                        Key::Return => {
                            first(2, "return")?;
                            head.value = Some(map.next_value()?);
                        }
                        Key::Other => {
                            map.next_value::<de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(head)
            }
        }
        d.deserialize_map(HeadVisitor(PhantomData))
    }
}

/// Decodes a response body into the endpoint's output type, by the decoding
/// policy of [`loose`](crate::loose).
///
/// `status: false` is the API's refusal whatever the HTTP status, and so is
/// an envelope with a `msg` and no `status` (`/cloud/db/list_all` answers an
/// unknown server so); a body that is not an envelope is an HTTP error when
/// the status says error, a decode error otherwise.
pub(crate) fn decode<T: Decode>(
    call: Call,
    http_status: u16,
    body: &[u8],
    key: &ApiKey,
) -> Result<T, Error> {
    let raw = unwrap(call, http_status, body, key)?;
    let mut deserializer = serde_json::Deserializer::from_str(raw);
    T::decode(&mut deserializer).map_err(|e| {
        let reason = format!("`return` is not of the documented kind: {e}");
        decode_error(call, http_status, body, key, &reason)
    })
}

/// The envelope's `return`, as sent, of a successful call; the error that
/// the response is otherwise. Not generic: compiled once, here, whatever the
/// type `decode` reads.
fn unwrap<'b>(
    call: Call,
    http_status: u16,
    body: &'b [u8],
    key: &ApiKey,
) -> Result<&'b str, Error> {
    let success = (200..300).contains(&http_status);
    let body = strip_bom(body);
    let decode_error = |reason: &str| decode_error(call, http_status, body, key, reason);

    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(decode_error("the body is empty"));
    }
    let head: Head<'_> = match serde_json::from_slice(body) {
        Ok(head) => head,
        Err(e) => return Err(decode_error(&format!("not a SiteHost envelope: {e}"))),
    };
    let status = match (head.status, head.msg, head.value) {
        (Some(LooseBool(status)), _, _) => status,
        // A `msg` alone is a refusal.
        (None, Some(_), None) => false,
        _ => return Err(decode_error("the envelope has no `status`")),
    };
    if !status {
        // Read only now: a successful call never needs it.
        let msg = match head
            .msg
            .map(|raw| serde_json::from_str::<serde_json::Value>(raw.get()))
        {
            Some(Ok(serde_json::Value::String(s))) => s,
            Some(Ok(serde_json::Value::Null)) | None => String::new(),
            Some(Ok(other)) => other.to_string(),
            Some(Err(_)) => String::new(),
        };
        return Err(Error::Api {
            call,
            http_status,
            msg: crate::error::bounded(&key.redact(&msg), crate::error::MSG_BYTES),
        });
    }
    if !success {
        return Err(decode_error(""));
    }
    // Some endpoints send no `return` at all: it reads as null.
    Ok(head.value.map_or("null", RawValue::get))
}

fn strip_bom(body: &[u8]) -> &[u8] {
    body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body)
}

/// A body that cannot be read: a decode error when the status says success,
/// an HTTP error otherwise.
fn decode_error(call: Call, http_status: u16, body: &[u8], key: &ApiKey, reason: &str) -> Error {
    let snippet = key.redact(&snippet(strip_bom(body)));
    if (200..300).contains(&http_status) {
        Error::Decode {
            call,
            http_status,
            reason: key.redact(reason),
            snippet,
        }
    } else {
        Error::Http {
            call,
            http_status,
            snippet,
        }
    }
}

/// The API's `msg` when a response is its rate limit's refusal: HTTP 500
/// with an envelope whose `msg` says the key exceeded its requests per
/// second (the API sends no 429 and no `Retry-After`).
pub(crate) fn rate_limited(http_status: u16, body: &[u8], key: &ApiKey) -> Option<String> {
    if http_status != 500 {
        return None;
    }
    let head: Head<'_> = serde_json::from_slice(body).ok()?;
    let msg: String = serde_json::from_str(head.msg?.get()).ok()?;
    let lower = msg.to_ascii_lowercase();
    (lower.contains("exceeded") && lower.contains("requests per second"))
        .then(|| crate::error::bounded(&key.redact(&msg), crate::error::MSG_BYTES))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Method;

    const CALL: Call = Call {
        method: Method::Post,
        version: "1.3",
        path: "/x",
    };

    fn key() -> ApiKey {
        ApiKey::new("k3y-for-tests")
    }

    #[test]
    fn success_yields_return() {
        let v: serde_json::Value = decode(
            CALL,
            200,
            br#"{"return":{"a":1},"msg":"ok","status":true}"#,
            &key(),
        )
        .unwrap();
        assert_eq!(v["a"], 1);
    }

    #[test]
    fn loose_status_and_null_return() {
        let v: Option<i64> = decode(
            CALL,
            200,
            br#"{"return":null,"msg":"","status":"1"}"#,
            &key(),
        )
        .unwrap();
        assert_eq!(v, None);
    }

    #[test]
    fn status_false_is_api_error_even_on_500() {
        let e = decode::<serde_json::Value>(
            CALL,
            500,
            br#"{"return":null,"msg":"Nope","status":false}"#,
            &key(),
        )
        .unwrap_err();
        assert!(
            matches!(e, Error::Api { http_status: 500, ref msg, .. } if msg == "Nope"),
            "{e:?}"
        );
    }

    /// The decoder never panics, whatever the bytes; run it longer with
    /// `PROPTEST_CASES=100000 cargo test -p sitehost --lib envelope::tests::never_panics`.
    mod never_panics {
        use super::*;
        use crate::shapes::{JobRef, JobStatus};
        use proptest::prelude::*;

        /// JSON-ish text built from the pieces envelopes are made of.
        fn envelope_like() -> impl Strategy<Value = String> {
            let atom = prop_oneof![
                Just("null".to_owned()),
                Just("true".to_owned()),
                Just("\"1\"".to_owned()),
                Just("0".to_owned()),
                Just("{}".to_owned()),
                Just("[]".to_owned()),
                Just("\"Completed\"".to_owned()),
                Just("-1e999".to_owned()),
                Just("\"\\ud800\"".to_owned()),
                "[0-9]{1,25}",
            ];
            let key = prop_oneof![
                Just("return"),
                Just("msg"),
                Just("status"),
                Just("job_id"),
                Just("state"),
                Just("logs"),
                Just("message"),
                Just("time"),
            ];
            let value = atom.prop_recursive(3, 24, 4, move |inner| {
                prop_oneof![
                    prop::collection::vec(inner.clone(), 0..4)
                        .prop_map(|v| format!("[{}]", v.join(","))),
                    prop::collection::vec((key.clone(), inner), 0..4).prop_map(|v| {
                        let fields: Vec<String> =
                            v.iter().map(|(k, v)| format!("\"{k}\":{v}")).collect();
                        format!("{{{}}}", fields.join(","))
                    }),
                ]
            });
            (value, 0usize..64).prop_map(|(text, cut)| {
                // Sometimes cut short, as a broken connection would.
                let cut = if cut < 8 {
                    text.len().saturating_sub(cut)
                } else {
                    text.len()
                };
                text.get(..cut).unwrap_or(&text).to_owned()
            })
        }

        fn decode_all(status: u16, body: &[u8]) {
            let _ = decode::<JobRef>(CALL, status, body, &key());
            let _ = decode::<JobStatus>(CALL, status, body, &key());
            let _ = decode::<Vec<JobStatus>>(CALL, status, body, &key());
            let _ = decode::<serde_json::Value>(CALL, status, body, &key());
        }

        proptest! {
            #![proptest_config(ProptestConfig {
                cases: std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(512),
                failure_persistence: None,
                ..ProptestConfig::default()
            })]

            #[test]
            fn on_arbitrary_bytes(body in prop::collection::vec(any::<u8>(), 0..512), status in 100u16..600) {
                decode_all(status, &body);
            }

            #[test]
            fn on_envelope_like_json(body in envelope_like(), status in prop_oneof![Just(200u16), Just(500u16), 100u16..600]) {
                decode_all(status, body.as_bytes());
            }
        }
    }

    #[test]
    fn echoed_key_is_redacted() {
        let e = decode::<serde_json::Value>(
            CALL,
            200,
            br#"{"msg":"bad key k3y-for-tests","status":false}"#,
            &key(),
        )
        .unwrap_err();
        assert_eq!(e.msg(), Some("bad key ***"));
    }
}
