//! Reading a request's value: a parameter's value by its path, and the page
//! a paged list's request asks for.

use super::FAKE_PAGE_SIZE;
use crate::{Paging, ParamPath};
use serde_json::{Map, Value, json};
use std::ops::Range;

/// The request's value of the parameter at `path`, as text (`""` and
/// absent alike are `None`).
pub(super) fn sent(request: &Map<String, Value>, path: &[&str]) -> Option<String> {
    match crate::wire::get(request, path)? {
        Value::String(s) if s.is_empty() => None,
        Value::String(s) => Some(s.clone()),
        Value::Bool(b) => Some(if *b { "1" } else { "0" }.to_owned()),
        Value::Null => None,
        other => Some(other.to_string()),
    }
}

/// The request's values of the list parameter at `path`, as JSON.
pub(super) fn sent_list(request: &Map<String, Value>, path: &[&str]) -> Vec<Value> {
    match crate::wire::get(request, path) {
        Some(Value::Array(items)) => items.clone(),
        _ => Vec::new(),
    }
}

/// The page a request asks for of a list of `total` items.
pub(super) struct Window {
    /// The page's number (1-based).
    pub number: i64,
    /// How many pages the list has.
    pub pages: usize,
    /// The items on the page.
    pub items: Range<usize>,
}

/// The page the request asks for with its page parameters (the first, of
/// [`FAKE_PAGE_SIZE`] items, unless it says), whatever numbers it sends.
pub(super) fn window(paging: Paging, request: &Map<String, Value>, total: usize) -> Window {
    let asked = |path: ParamPath| crate::wire::get(request, path).and_then(Value::as_i64);
    let size =
        usize::try_from(asked(paging.size).unwrap_or(FAKE_PAGE_SIZE).max(1)).unwrap_or(usize::MAX);
    let number = asked(paging.number).unwrap_or(1).max(1);
    let first = usize::try_from(number - 1)
        .unwrap_or(usize::MAX)
        .saturating_mul(size)
        .min(total);
    Window {
        number,
        pages: total.div_ceil(size),
        items: first..first.saturating_add(size).min(total),
    }
}

/// The fields of a page object holding `data`, of a list of `total` items.
pub(super) fn page_fields(
    total: usize,
    number: i64,
    pages: usize,
    data: Vec<Value>,
) -> Map<String, Value> {
    let mut page = Map::new();
    page.insert("total_items".to_owned(), json!(total));
    page.insert("current_items".to_owned(), json!(data.len()));
    page.insert("current_page".to_owned(), json!(number));
    page.insert("total_pages".to_owned(), json!(pages));
    page.insert("data".to_owned(), Value::Array(data));
    page
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_window_is_bounded_whatever_the_request_says() {
        let paging = Paging::new(&["p"], &["s"]);
        let request = |v: Value| v.as_object().cloned().unwrap();
        let w = window(paging, &request(json!({"p": 2, "s": 10})), 25);
        assert_eq!((w.number, w.pages, w.items), (2, 3, 10..20));
        let w = window(paging, &request(json!({})), 25);
        assert_eq!((w.number, w.pages, w.items), (1, 3, 0..10));
        let w = window(paging, &request(json!({"p": i64::MAX, "s": i64::MAX})), 25);
        assert_eq!((w.pages, w.items), (1, 25..25));
        let w = window(paging, &request(json!({"p": -4, "s": 0})), 3);
        assert_eq!((w.number, w.pages, w.items), (1, 3, 0..1));
    }

    #[test]
    fn values_are_read_by_path() {
        let request = json!({"a": "x", "g": {"n": 3, "on": true}, "l": ["p", "q"], "e": ""});
        let request = request.as_object().unwrap();
        assert_eq!(sent(request, &["a"]).as_deref(), Some("x"));
        assert_eq!(sent(request, &["g", "n"]).as_deref(), Some("3"));
        assert_eq!(sent(request, &["g", "on"]).as_deref(), Some("1"));
        assert_eq!(sent(request, &["e"]), None);
        assert_eq!(sent_list(request, &["l"]), [json!("p"), json!("q")]);
    }
}
