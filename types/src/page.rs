//! Paged lists: the `{total_items, current_items, current_page, total_pages,
//! data}` object some list endpoints return.

use crate::loose::{self, Object};
use serde::{Deserialize, Deserializer};

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

#[cfg(test)]
mod tests {
    use super::*;

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
}
