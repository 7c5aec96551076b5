//! Reading a request's fields: a parameter's value, a list's values, and
//! the page a paged list's request asks for.

use super::FAKE_PAGE_SIZE;
use crate::Paging;
use serde_json::{Map, Value, json};
use std::ops::Range;

/// The request's non-empty value of the parameter with this wire name.
pub(super) fn sent<'r>(request: &'r [(String, String)], wire: &str) -> Option<&'r str> {
    request
        .iter()
        .find(|(n, v)| n == wire && !v.is_empty())
        .map(|(_, v)| v.as_str())
}

/// The request's values of the list parameter with this wire name, in
/// order: `name[]`, or `name[0]`, `name[1]`, ...
pub(super) fn sent_list<'r>(
    request: &'r [(String, String)],
    wire: &str,
) -> impl Iterator<Item = &'r str> {
    let wire = wire.to_owned();
    request.iter().filter_map(move |(name, value)| {
        let index = name
            .strip_prefix(wire.as_str())?
            .strip_prefix('[')?
            .strip_suffix(']')?;
        index
            .chars()
            .all(|c| c.is_ascii_digit())
            .then_some(value.as_str())
    })
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
pub(super) fn window(paging: Paging, request: &[(String, String)], total: usize) -> Window {
    let asked = |wire: &str| sent(request, wire).and_then(|v| v.parse::<i64>().ok());
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

    fn request(fields: &[(&str, &str)]) -> Vec<(String, String)> {
        fields
            .iter()
            .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn a_window_is_bounded_whatever_the_request_says() {
        let paging = Paging::new("p", "s");
        let w = window(paging, &request(&[("p", "2"), ("s", "10")]), 25);
        assert_eq!((w.number, w.pages, w.items), (2, 3, 10..20));
        let w = window(paging, &request(&[]), 25);
        assert_eq!((w.number, w.pages, w.items), (1, 3, 0..10));
        let huge = i64::MAX.to_string();
        let w = window(paging, &request(&[("p", &huge), ("s", &huge)]), 25);
        assert_eq!((w.pages, w.items), (1, 25..25));
        let w = window(paging, &request(&[("p", "-4"), ("s", "0")]), 3);
        assert_eq!((w.number, w.pages, w.items), (1, 3, 0..1));
    }

    #[test]
    fn lists_are_read_in_either_encoding() {
        let fields = request(&[("a[0]", "x"), ("a[1]", "y"), ("a[x]", "z"), ("b[]", "w")]);
        assert_eq!(sent_list(&fields, "a").collect::<Vec<_>>(), ["x", "y"]);
        assert_eq!(sent_list(&fields, "b").collect::<Vec<_>>(), ["w"]);
        assert_eq!(sent(&request(&[("a", ""), ("a", "1")]), "a"), Some("1"));
    }
}
