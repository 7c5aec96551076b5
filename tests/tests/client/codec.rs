//! The codec (`sitehost::wire`) and the request types agree, field for
//! field, over every endpoint of the spec: for values drawn at random from
//! each endpoint's parameter tree (its metadata), the typed request built
//! from the value (by its constructor and setters; `build.rs` writes the
//! builders) sends exactly the fields the codec encodes, and decoding those
//! fields gives the value back.

use super::values::{Rng, object_of, typed_fields};
use serde_json::json;
use sitehost::{Endpoint, Param, ParamKind};

/// One endpoint, `cases` values: the typed and the codec's fields, and the
/// value read back; the first disagreement, if any.
fn check_endpoint(
    client: &sitehost::Client,
    endpoint: &'static Endpoint,
    rng: &mut Rng,
    cases: usize,
) -> Result<(), String> {
    for _ in 0..cases {
        let value = object_of(endpoint.params, rng);
        let dynamic = client
            .preview_value(endpoint, &value)
            .map_err(|e| format!("{}: the codec refused {value:?}: {e}", endpoint.path))?
            .fields;
        let typed = typed_fields(client, endpoint.path, &value)
            .ok_or_else(|| format!("{}: no typed builder", endpoint.path))?
            .map_err(|e| format!("{}: the request type refused {value:?}: {e}", endpoint.path))?;
        if typed != dynamic {
            return Err(format!(
                "{}: for {value:?}\n typed: {typed:?}\n codec: {dynamic:?}",
                endpoint.path
            ));
        }
        let back = sitehost::wire::decode(endpoint.params, &dynamic[1..])
            .map_err(|e| format!("{}: {dynamic:?} does not decode: {e}", endpoint.path))?;
        if back != value {
            return Err(format!(
                "{}: {value:?} was read back as {back:?}",
                endpoint.path
            ));
        }
    }
    Ok(())
}

#[test]
fn the_request_types_and_the_codec_send_the_same_fields() {
    let client = sitehost::Client::builder()
        .api_key("k")
        .build()
        .expect("a client");
    let mut rng = Rng(0x2008_0bad_5173_0001);
    let mut failures = Vec::new();
    let mut checked = 0;
    for endpoint in sitehost::api::ENDPOINTS {
        // More cases where there is more to vary.
        let cases = 8 + 4 * endpoint.params.len();
        match check_endpoint(&client, endpoint, &mut rng, cases) {
            Ok(()) => checked += cases,
            Err(e) => failures.push(e),
        }
    }
    assert!(
        failures.is_empty(),
        "{} endpoints disagree:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(checked > 1000, "only {checked} cases");
}

#[test]
fn the_drift_cases_are_refused_in_one_wording() {
    // A value the command line reads from text, the MCP server from JSON,
    // and the fake from the wire: each refused with the codec's words.
    let client_id = Param::required("client_id", ParamKind::Integer);
    for text in [" 1", "1 ", "+1", ""] {
        let reason = sitehost::wire::from_text(client_id.kind, text).unwrap_err();
        let from_json = sitehost::wire::to_wire(client_id.kind, &json!(text)).unwrap_err();
        assert!(
            reason.to_string().starts_with("must be an integer") || text.is_empty(),
            "{text:?}: {reason}"
        );
        if !text.is_empty() {
            assert_eq!(reason, from_json, "{text:?}");
        }
    }
    let flag = Param::required("enable", ParamKind::Boolean);
    assert_eq!(
        sitehost::wire::from_text(flag.kind, "yes")
            .unwrap_err()
            .to_string(),
        "must be true or false (or 1 or 0)"
    );
}
