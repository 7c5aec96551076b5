//! The fake's check of a request, as the API checks one: the key first and
//! right, then every field read back through the codec
//! ([`wire::decode`](crate::wire::decode)), which checks names, order,
//! required parameters and values. The API's refusal is `msg` text; its
//! words for a parameter are the codec's.

use crate::Endpoint;
use serde_json::{Map, Value};

/// The request's value, as the endpoint's parameters read it, or the `msg`
/// to refuse it with.
///
/// # Errors
///
/// The refusal's `msg`: a missing or wrong key, or the first field the API
/// would refuse.
pub fn check(
    endpoint: &Endpoint,
    key: &str,
    fields: &[(String, String)],
) -> Result<Map<String, Value>, String> {
    let Some(((name, value), rest)) = fields.split_first() else {
        return Err("Unauthorised: no apikey.".to_owned());
    };
    if name != "apikey" {
        return Err("Unauthorised: apikey must be the first parameter.".to_owned());
    }
    if value != key {
        return Err("Unauthorised: the API key is not valid.".to_owned());
    }
    crate::wire::decode(endpoint.params, rest).map_err(|invalid| {
        let mut msg = invalid.to_string();
        // "parameter `x` is required" as a sentence.
        if let Some(first) = msg.get_mut(0..1) {
            first.make_ascii_uppercase();
        }
        msg.push('.');
        msg
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{ListEncoding, Method, Param, ParamKind};

    const ENDPOINT: Endpoint = Endpoint::new("x", Method::Post, "1.3", "/x").params(&[
        Param::required("a", ParamKind::Integer),
        Param::optional("b", ParamKind::String),
        Param::required("c", ParamKind::String),
        Param::optional("d", ParamKind::String).list(ListEncoding::Indexed),
    ]);

    fn fields(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn the_key_comes_first_and_the_rest_is_the_codecs() {
        let ok = fields(&[("apikey", "k"), ("a", "1"), ("c", "x"), ("d[0]", "p")]);
        assert_eq!(
            Value::Object(check(&ENDPOINT, "k", &ok).unwrap()),
            serde_json::json!({"a": 1, "c": "x", "d": ["p"]})
        );
        let cases: &[(&[(&str, &str)], &str)] = &[
            (
                &[("a", "1"), ("apikey", "k"), ("c", "x")],
                "apikey must be the first",
            ),
            (&[("apikey", "bad"), ("a", "1"), ("c", "x")], "not valid"),
            (&[], "no apikey"),
            (
                &[("apikey", "k"), ("a", " 1"), ("c", "x")],
                "Parameter `a` must be an integer",
            ),
            (&[("apikey", "k"), ("a", "1")], "Parameter `c` is required."),
        ];
        for (pairs, expected) in cases {
            let msg = check(&ENDPOINT, "k", &fields(pairs)).unwrap_err();
            assert!(msg.contains(expected), "{pairs:?}: {msg}");
        }
    }
}
