//! Paged lists: the `{total_items, current_items, current_page, total_pages,
//! data}` object some list endpoints return, and walking every page lazily.

use crate::client::Client;
use crate::error::Error;
use crate::loose::{self, Object};
use crate::request::Paged;
use futures_util::stream::{self, Stream, StreamExt};
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

impl Client {
    /// Every page of a paged list, fetched one at a time as the stream is
    /// polled: the request's own page first (page 1 unless it sets one), then
    /// the next while the API says there is one. The page size is the
    /// request's (its `page_size` parameter), else the API's default.
    ///
    /// ```no_run
    /// use futures_util::TryStreamExt;
    /// use sitehost::api::ssh::key::ListAll;
    ///
    /// # async fn example(client: &sitehost::Client) -> Result<(), sitehost::Error> {
    /// let keys: Vec<_> = client.items(&ListAll::new(1)).try_collect().await?;
    /// # Ok(())
    /// # }
    /// ```
    ///
    /// The stream ends after the first error.
    pub fn pages<R: Paged + 'static>(
        &self,
        request: &R,
    ) -> impl Stream<Item = Result<crate::Page<R::Item>, Error>> + Send + 'static {
        let client = self.clone();
        let first = request.page_number().unwrap_or(1).max(1);
        let start = Some(request.with_page_number(first));
        stream::unfold(start, move |next| {
            let client = client.clone();
            async move {
                let request = next?;
                match client.send(&request).await {
                    Ok(page) => {
                        let number = request.page_number().unwrap_or(1);
                        let more = page.has_next() && !page.data.is_empty();
                        let following = more.then(|| request.with_page_number(number + 1));
                        Some((Ok(page), following))
                    }
                    Err(error) => Some((Err(error), None)),
                }
            }
        })
    }

    /// Every item of a paged list, page after page; see [`Client::pages`].
    pub fn items<R: Paged + 'static>(
        &self,
        request: &R,
    ) -> impl Stream<Item = Result<R::Item, Error>> + Send + 'static {
        self.pages(request).flat_map(|page| {
            let items: Vec<Result<R::Item, Error>> = match page {
                Ok(page) => page.data.into_iter().map(Ok).collect(),
                Err(error) => vec![Err(error)],
            };
            stream::iter(items)
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
