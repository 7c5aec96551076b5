//! The scalar rules: a value as the codec holds it (JSON) to its wire text,
//! and text (a flag's, or a field's on the wire) to that value.

use super::Reason;
use crate::endpoint::ParamKind;
use serde_json::Value;

/// The wire text of one scalar value of `kind`: an integer's digits, a
/// boolean's `1` or `0`, an enum's value, a non-empty text.
///
/// # Errors
///
/// A value of another kind, an empty text, a value outside an enum.
#[inline]
pub fn to_wire(kind: ParamKind, value: &Value) -> Result<String, Reason> {
    match (kind, value) {
        (ParamKind::String, Value::String(s)) if s.is_empty() => Err(Reason::Empty),
        (ParamKind::String, Value::String(s)) => Ok(s.clone()),
        (ParamKind::String, _) => Err(Reason::NotText),
        (ParamKind::Integer, Value::Number(n)) => n
            .as_i64()
            .map(|n| itoa::Buffer::new().format(n).to_owned())
            .ok_or(Reason::NotInteger),
        (ParamKind::Integer, _) => Err(Reason::NotInteger),
        (ParamKind::Boolean, Value::Bool(b)) => Ok(if *b { "1" } else { "0" }.to_owned()),
        (ParamKind::Boolean, _) => Err(Reason::NotBoolean),
        (ParamKind::Choice(values), Value::String(s)) if values.contains(&s.as_str()) => {
            Ok(s.clone())
        }
        (ParamKind::Choice(values), _) => Err(Reason::NotOneOf(values)),
        (ParamKind::Group(_), _) => Err(Reason::NotGroup),
    }
}

/// The value of `text` as a scalar of `kind`: what a command line flag or a
/// field on the wire holds. An integer is decimal digits with an optional
/// leading `-`; a boolean `true`, `false`, `1` or `0`; an enum's value
/// exactly one of its values; a text anything but empty.
///
/// # Errors
///
/// Text that is not a value of `kind` (`" 1"` and `"+1"` are not integers,
/// `yes` is not a boolean), or empty.
#[inline]
pub fn from_text(kind: ParamKind, text: &str) -> Result<Value, Reason> {
    if text.is_empty() {
        return Err(Reason::Empty);
    }
    match kind {
        ParamKind::String => Ok(Value::String(text.to_owned())),
        ParamKind::Integer => integer(text).map(Value::from).ok_or(Reason::NotInteger),
        ParamKind::Boolean => match text {
            "true" | "1" => Ok(Value::Bool(true)),
            "false" | "0" => Ok(Value::Bool(false)),
            _ => Err(Reason::NotBoolean),
        },
        ParamKind::Choice(values) if values.contains(&text) => Ok(Value::String(text.to_owned())),
        ParamKind::Choice(values) => Err(Reason::NotOneOf(values)),
        ParamKind::Group(_) => Err(Reason::NotGroup),
    }
}

/// The value of a parameter of `kind` from a value as the API returns it
/// (loosely typed: `"3600"` for an integer, `"1"` or `0` for a boolean), for
/// sending what was read back: a text or number as text, an integer from a
/// number or from text by [`from_text`], a boolean from `true`, `false`,
/// `1`, `0` or their text.
///
/// # Errors
///
/// A value that is none of these, or does not fit (`" 1"` is no integer).
#[inline]
pub fn from_json(kind: ParamKind, value: &Value) -> Result<Value, Reason> {
    match (kind, value) {
        (_, Value::String(text)) => from_text(kind, text),
        (ParamKind::String, Value::Number(n)) => Ok(Value::String(n.to_string())),
        (ParamKind::String, Value::Bool(b)) => Ok(Value::String(b.to_string())),
        (ParamKind::Integer, Value::Number(n)) if n.is_i64() => Ok(value.clone()),
        (ParamKind::Integer, _) => Err(Reason::NotInteger),
        (ParamKind::Boolean, Value::Bool(_)) => Ok(value.clone()),
        (ParamKind::Boolean, Value::Number(n)) => match n.as_i64() {
            Some(0) => Ok(Value::Bool(false)),
            Some(1) => Ok(Value::Bool(true)),
            _ => Err(Reason::NotBoolean),
        },
        (ParamKind::Boolean, _) => Err(Reason::NotBoolean),
        (ParamKind::Choice(values), _) => Err(Reason::NotOneOf(values)),
        (ParamKind::String, _) => Err(Reason::NotText),
        (ParamKind::Group(_), _) => Err(Reason::NotGroup),
    }
}

/// Decimal digits with an optional leading `-`, that fit in an `i64`.
#[inline]
fn integer(text: &str) -> Option<i64> {
    let digits = text.strip_prefix('-').unwrap_or(text);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn integers_are_digits_only() {
        for good in ["1", "-1", "0", "9223372036854775807"] {
            assert!(from_text(ParamKind::Integer, good).is_ok(), "{good}");
        }
        for bad in [
            " 1",
            "1 ",
            "+1",
            "1.0",
            "1e3",
            "-",
            "",
            "9223372036854775808",
        ] {
            assert!(from_text(ParamKind::Integer, bad).is_err(), "{bad:?}");
        }
        assert_eq!(to_wire(ParamKind::Integer, &json!(-3)), Ok("-3".to_owned()));
        assert_eq!(
            to_wire(ParamKind::Integer, &json!("3")),
            Err(Reason::NotInteger)
        );
        assert_eq!(
            to_wire(ParamKind::Integer, &json!(1.5)),
            Err(Reason::NotInteger)
        );
    }

    #[test]
    fn values_read_back_from_responses() {
        assert_eq!(
            from_json(ParamKind::Integer, &json!("3600")),
            Ok(json!(3600))
        );
        assert_eq!(from_json(ParamKind::Integer, &json!(3600)), Ok(json!(3600)));
        assert_eq!(from_json(ParamKind::Boolean, &json!("0")), Ok(json!(false)));
        assert_eq!(from_json(ParamKind::Boolean, &json!(1)), Ok(json!(true)));
        assert_eq!(from_json(ParamKind::String, &json!(10)), Ok(json!("10")));
        assert_eq!(
            from_json(ParamKind::Integer, &json!(" 1")),
            Err(Reason::NotInteger)
        );
        assert_eq!(
            from_json(ParamKind::String, &json!([])),
            Err(Reason::NotText)
        );
    }

    #[test]
    fn booleans_choices_and_texts() {
        assert_eq!(from_text(ParamKind::Boolean, "true"), Ok(json!(true)));
        assert_eq!(from_text(ParamKind::Boolean, "0"), Ok(json!(false)));
        assert_eq!(
            from_text(ParamKind::Boolean, "yes"),
            Err(Reason::NotBoolean)
        );
        assert_eq!(
            to_wire(ParamKind::Boolean, &json!(true)),
            Ok("1".to_owned())
        );
        let choice = ParamKind::Choice(&["ASC", "DESC"]);
        assert!(from_text(choice, "asc").is_err());
        assert_eq!(to_wire(choice, &json!("DESC")), Ok("DESC".to_owned()));
        assert_eq!(to_wire(ParamKind::String, &json!("")), Err(Reason::Empty));
        assert_eq!(from_text(ParamKind::String, ""), Err(Reason::Empty));
    }
}
