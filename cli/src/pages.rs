//! Walking a paged list to its end, for every front end that offers "all
//! items" (the command line's `--all`, the MCP server's `all`).

use serde_json::Value;
use std::future::Future;

/// The most pages a walk fetches, whatever the API says its total is: a
/// server that always claims one more page does not keep a walk going.
pub const MAX_PAGES: i64 = 10_000;

/// The items of a walk.
#[derive(Debug, Default)]
pub struct Collected {
    /// The items, in order.
    pub items: Vec<Value>,
    /// How many items the API says the list holds.
    pub total: Option<i64>,
    /// Whether the walk stopped at `max_items` before the list's end.
    pub truncated: bool,
}

/// Fetches pages 1, 2, … with `page` (which returns a page's `return`)
/// until the last page, an empty page, [`MAX_PAGES`], or `max_items` items.
///
/// # Errors
///
/// The first error of a page.
pub async fn collect<E, F, Fut>(mut page: F, max_items: usize) -> Result<Collected, E>
where
    F: FnMut(i64) -> Fut,
    Fut: Future<Output = Result<Value, E>>,
{
    let mut out = Collected::default();
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

/// An integer the API sends as a number or as text, read as the crate's
/// shapes read it.
pub fn loose_integer(value: &Value) -> Option<i64> {
    serde_json::from_value::<sitehost::loose::LooseInt>(value.clone())
        .ok()
        .map(|n| n.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn page(number: i64) -> Result<Value, ()> {
        let data: Vec<i64> = (0..10).map(|i| (number - 1) * 10 + i).collect();
        Ok(
            json!({"total_items": "25", "current_page": number, "total_pages": 3,
                  "data": data.into_iter().filter(|i| *i < 25).collect::<Vec<_>>()}),
        )
    }

    #[tokio::test]
    async fn walks_to_the_end_or_to_the_bound() {
        let all = collect(|n| std::future::ready(page(n)), 100).await.unwrap();
        assert_eq!(
            (all.items.len(), all.total, all.truncated),
            (25, Some(25), false)
        );
        let some = collect(|n| std::future::ready(page(n)), 12).await.unwrap();
        assert_eq!((some.items.len(), some.truncated), (12, true));
        assert_eq!(some.items[11], json!(11));
        let failed = collect(|_| std::future::ready(Err::<Value, _>("no")), 5).await;
        assert_eq!(failed.unwrap_err(), "no");
    }
}
