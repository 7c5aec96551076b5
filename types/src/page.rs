//! Paged lists: the `{total_items, current_items, current_page, total_pages,
//! data}` object some list endpoints return.

use crate::loose::{self, Object};
use serde::{Deserialize, Deserializer};

/// One page of a paged list.
#[derive(Debug, Clone, PartialEq)]
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

impl<'de, T: for<'a> Deserialize<'a>> Deserialize<'de> for Page<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let mut object = Object::read(deserializer)?;
        let total_items = object.required::<loose::Integer>("total_items")?;
        let data = object.optional_list::<loose::Nested<T>>("data")?;
        Ok(Page {
            total_items,
            current_items: object
                .optional::<loose::Integer>("current_items")?
                .unwrap_or(data.len() as i64),
            current_page: object.required::<loose::Integer>("current_page")?,
            total_pages: object.required::<loose::Integer>("total_pages")?,
            data,
        })
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
        assert!(serde_json::from_str::<Page<i64>>(r#"{"data":[]}"#).is_err());
    }
}
