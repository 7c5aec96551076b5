//! Walking every page of a paged list lazily.

use crate::Paged;
use crate::client::Client;
use crate::error::Error;
use futures_util::stream::{self, Stream, StreamExt};

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
