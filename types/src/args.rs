//! What the generated constructors and setters turn their arguments into:
//! lists and pairs of the values a request keeps. One generic function each,
//! so that the request types need no conversion code of their own.

/// The texts of a list.
pub fn texts<T: Into<String>>(items: impl IntoIterator<Item = T>) -> Vec<String> {
    items.into_iter().map(Into::into).collect()
}

/// The values of a list.
pub fn values<T>(items: impl IntoIterator<Item = T>) -> Vec<T> {
    items.into_iter().collect()
}

/// A map's entries, in the order given.
pub fn entries<K: Into<String>, V>(items: impl IntoIterator<Item = (K, V)>) -> Vec<(String, V)> {
    items.into_iter().map(|(k, v)| (k.into(), v)).collect()
}

/// A map of texts' entries, in the order given.
pub fn text_entries<K: Into<String>, V: Into<String>>(
    items: impl IntoIterator<Item = (K, V)>,
) -> Vec<(String, String)> {
    items
        .into_iter()
        .map(|(k, v)| (k.into(), v.into()))
        .collect()
}

/// A map of lists' entries, in the order given.
pub fn list_entries<K: Into<String>, V, I: IntoIterator<Item = V>>(
    items: impl IntoIterator<Item = (K, I)>,
) -> Vec<(String, Vec<V>)> {
    items
        .into_iter()
        .map(|(k, vs)| (k.into(), vs.into_iter().collect()))
        .collect()
}

/// A map of lists of texts' entries, in the order given.
pub fn text_list_entries<K: Into<String>, V: Into<String>, I: IntoIterator<Item = V>>(
    items: impl IntoIterator<Item = (K, I)>,
) -> Vec<(String, Vec<String>)> {
    items
        .into_iter()
        .map(|(k, vs)| (k.into(), texts(vs)))
        .collect()
}
