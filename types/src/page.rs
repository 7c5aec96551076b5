//! Paged lists: the `{total_items, current_items, current_page, total_pages,
//! data}` object some list endpoints return, and walking one to its end as
//! JSON ([`walk_pages`]), for every reader that offers "all items" (the
//! command line's `--all`, the MCP server's `all`, desired state's lists).

use crate::loose::{self, Object};
use serde::{Deserialize, Deserializer};
use serde_json::Value;
use std::future::Future;

/// One page of a paged list.
#[derive(Debug, Clone, PartialEq, Default)]
#[non_exhaustive]
pub struct Page<T> {
    /// Items in the whole list.
    pub total_items: i64,
    /// Items on this page, as the API counts them.
    pub current_items: i64,
    /// This page's number, from 1.
    pub current_page: i64,
    /// Pages in the whole list.
    pub total_pages: i64,
    /// This page's items.
    pub data: Vec<T>,
}

impl<T> Page<T> {
    /// Whether the API has a page after this one.
    pub fn has_next(&self) -> bool {
        self.current_page < self.total_pages
    }
}

impl<'de, T: loose::Decode> Deserialize<'de> for Page<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let mut object = Object::read(deserializer, "Page")?;
        let total_items = object.required("total_items");
        // The items must be of their kind: a page is nothing else.
        let data = match object.take_raw("data") {
            None | Some(serde_json::Value::Null) => Vec::new(),
            Some(value) => loose::List::<loose::Decoded<T>>::deserialize(value)
                .map_err(serde::de::Error::custom)?
                .0
                .into_iter()
                .map(|item| item.0)
                .collect(),
        };
        Ok(Page {
            total_items,
            current_items: object
                .optional("current_items")
                .unwrap_or(data.len() as i64),
            current_page: object.required("current_page"),
            total_pages: object.required("total_pages"),
            data,
        })
    }
}

impl<T: loose::Decode> loose::Decode for Page<T> {
    fn decode<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Page::deserialize(deserializer)
    }
}

/// The most pages a walk fetches, whatever the API says its total is: a
/// server that always claims one more page does not keep a walk going.
pub const MAX_PAGES: i64 = 10_000;

/// The items of a walk of a paged list.
#[derive(Debug, Default)]
#[non_exhaustive]
pub struct PageWalk {
    /// The items, in order.
    pub items: Vec<Value>,
    /// How many items the API says the list holds.
    pub total: Option<i64>,
    /// Whether the walk stopped at `max_items` before the list's end.
    pub truncated: bool,
}

/// Fetches pages 1, 2, … with `page` (which returns a page's `return` as
/// JSON) until the last page, an empty page, [`MAX_PAGES`], or `max_items`
/// items.
///
/// # Errors
///
/// The first error of a page.
pub async fn walk_pages<E, F, Fut>(mut page: F, max_items: usize) -> Result<PageWalk, E>
where
    F: FnMut(i64) -> Fut,
    Fut: Future<Output = Result<Value, E>>,
{
    let mut out = PageWalk::default();
    let mut number = 1;
    loop {
        let value = page(number).await?;
        let data = value.get("data").and_then(Value::as_array);
        let count = data.map_or(0, Vec::len);
        out.items.extend(data.into_iter().flatten().cloned());
        out.total = value
            .get("total_items")
            .and_then(loose_integer)
            .or(out.total);
        let last = value
            .get("total_pages")
            .and_then(loose_integer)
            .unwrap_or(number);
        if out.items.len() >= max_items {
            out.truncated = out.items.len() > max_items || number < last;
            out.items.truncate(max_items);
            break;
        }
        if number >= last || count == 0 || number >= MAX_PAGES {
            break;
        }
        number += 1;
    }
    Ok(out)
}

/// An integer the API sends as a number or as text, read as the shapes
/// read it.
fn loose_integer(value: &Value) -> Option<i64> {
    loose::LooseInt::deserialize(value).ok().map(|n| n.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn pages_decode_loosely() {
        let page: Page<i64> = serde_json::from_str(
            r#"{"total_items":"3","current_items":2,"current_page":"1","total_pages":2,"data":[1,2]}"#,
        )
        .unwrap();
        assert_eq!(page.data, [1, 2]);
        assert!(page.has_next());
        let empty: Page<i64> =
            serde_json::from_str(r#"{"total_items":0,"current_page":1,"total_pages":0,"data":{}}"#)
                .unwrap();
        assert!(empty.data.is_empty() && !empty.has_next());
        // Counts the API leaves out read as 0; items of the wrong kind fail.
        let bare: Page<i64> = serde_json::from_str(r#"{"data":[]}"#).unwrap();
        assert_eq!((bare.total_items, bare.total_pages), (0, 0));
        assert!(serde_json::from_str::<Page<i64>>(r#"{"data":[{"a":1}]}"#).is_err());
    }

    fn page(number: i64) -> Result<Value, ()> {
        let data: Vec<i64> = (0..10).map(|i| (number - 1) * 10 + i).collect();
        Ok(
            json!({"total_items": "25", "current_page": number, "total_pages": 3,
                  "data": data.into_iter().filter(|i| *i < 25).collect::<Vec<_>>()}),
        )
    }

    /// Polls a future that is ready at once (the pages here are).
    fn ready<T>(future: impl Future<Output = T>) -> T {
        let mut future = std::pin::pin!(future);
        let mut context = std::task::Context::from_waker(std::task::Waker::noop());
        match future.as_mut().poll(&mut context) {
            std::task::Poll::Ready(value) => value,
            std::task::Poll::Pending => panic!("the walk waited"),
        }
    }

    #[test]
    fn walks_to_the_end_or_to_the_bound() {
        let all = ready(walk_pages(|n| std::future::ready(page(n)), 100)).unwrap();
        assert_eq!(
            (all.items.len(), all.total, all.truncated),
            (25, Some(25), false)
        );
        let some = ready(walk_pages(|n| std::future::ready(page(n)), 12)).unwrap();
        assert_eq!((some.items.len(), some.truncated), (12, true));
        assert_eq!(some.items[11], json!(11));
        let failed = ready(walk_pages(|_| std::future::ready(Err::<Value, _>("no")), 5));
        assert_eq!(failed.unwrap_err(), "no");
    }
}
