//! The API key: kept out of `Debug`, errors and logs, and wiped from
//! memory when its last copy is dropped.

use std::fmt;
use std::sync::Arc;

/// A SiteHost API key. Its `Debug` shows `ApiKey(***)`; it has no `Display`.
///
/// The key travels as the first form field of a POST body, or in the query of
/// a GET (the API has no other way to take it); it is never put in a POST URL.
#[derive(Clone, PartialEq, Eq)]
pub struct ApiKey(Arc<str>, Plain);

/// Whether a key is made of bytes a form sends as they are (as keys are):
/// worked out once, so that each request copies it rather than encoding it.
#[derive(Clone, Copy, PartialEq, Eq)]
struct Plain(bool);

impl ApiKey {
    /// Wraps the key.
    pub fn new(key: impl Into<String>) -> ApiKey {
        let key: Arc<str> = Arc::from(key.into());
        let plain = key.bytes().all(crate::form::unreserved);
        ApiKey(key, Plain(plain))
    }

    /// Appends the key as a form value.
    pub(crate) fn write_form(&self, out: &mut String) {
        if self.1.0 {
            out.push_str(&self.0);
        } else {
            crate::form::encode_into(out, &self.0);
        }
    }

    /// The key itself, for sending it. Do not log it.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// Whether the key looks like something the API could accept: not empty,
    /// no white space or control characters.
    pub fn problem(&self) -> Option<&'static str> {
        if self.0.is_empty() {
            Some("the API key is empty")
        } else if self.0.chars().any(|c| c.is_whitespace() || c.is_control()) {
            Some("the API key contains white space or control characters")
        } else {
            None
        }
    }

    /// Replaces every copy of the key in `text` (as is, or percent-encoded)
    /// with `***`. Used on everything a server sends back that ends up in an
    /// error, in case a server echoes the request.
    pub fn redact(&self, text: &str) -> String {
        let mut out = text.to_owned();
        if self.0.len() >= 4 {
            out = out.replace(&*self.0, "***");
            let mut encoded = String::new();
            crate::form::encode_into(&mut encoded, &self.0);
            if encoded != *self.0 {
                out = out.replace(&encoded, "***");
            }
        }
        out
    }
}

impl Drop for ApiKey {
    /// The last copy of a key wipes it from memory (a server that caches
    /// its callers' keys drops them so).
    fn drop(&mut self) {
        if let Some(key) = Arc::get_mut(&mut self.0) {
            zeroize::Zeroize::zeroize(key);
        }
    }
}

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ApiKey(***)")
    }
}

impl From<String> for ApiKey {
    fn from(key: String) -> ApiKey {
        ApiKey::new(key)
    }
}

impl From<&str> for ApiKey {
    fn from(key: &str) -> ApiKey {
        ApiKey::new(key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_hides_the_key() {
        let key = ApiKey::new("s3cr3t-key");
        assert_eq!(format!("{key:?}"), "ApiKey(***)");
    }

    #[test]
    fn redact_removes_plain_and_encoded_copies() {
        let key = ApiKey::new("a b+c/d");
        let text = "x a b+c/d y a+b%2Bc%2Fd z";
        assert_eq!(key.redact(text), "x *** y *** z");
    }
}
