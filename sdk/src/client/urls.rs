//! Each endpoint's URL, parsed once for the clients of one configuration:
//! reqwest takes a parsed `Url` as it is, where it parses a text again on
//! every call (scheme, host and path: on loopback, about a tenth of a call's
//! own work).

use crate::Endpoint;
use reqwest::Url;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::{PoisonError, RwLock};

/// The most URLs kept, far more than a spec has endpoints; past it, a URL
/// is parsed for its call and not kept.
const MOST: usize = 4096;

/// Where an endpoint's version and path texts are, and their lengths: two
/// texts at one address with one length are one text, so one URL. (One text
/// at two addresses, a constant copied into two crates, is two entries of
/// the same URL.)
type Key = (usize, usize, usize, usize);

/// The parsed URLs of the endpoints called so far.
#[derive(Default)]
pub(crate) struct Urls {
    parsed: RwLock<HashMap<Key, Url, BuildHasherDefault<WordHasher>>>,
}

impl Urls {
    /// The URL of `endpoint` under `base` (`<base>/<version><path>.json`):
    /// the one kept from an earlier call, or parsed now and kept. A text that
    /// does not parse is returned as it is, for reqwest to report as it
    /// reports any URL it cannot use.
    pub(crate) fn get(&self, base: &str, endpoint: &Endpoint) -> Result<Url, String> {
        let key = (
            endpoint.version.as_ptr() as usize,
            endpoint.version.len(),
            endpoint.path.as_ptr() as usize,
            endpoint.path.len(),
        );
        let kept = self.parsed.read().unwrap_or_else(PoisonError::into_inner);
        if let Some(url) = kept.get(&key) {
            return Ok(url.clone());
        }
        drop(kept);
        let text = text(base, endpoint);
        let Ok(url) = Url::parse(&text) else {
            return Err(text);
        };
        let mut kept = self.parsed.write().unwrap_or_else(PoisonError::into_inner);
        if kept.len() < MOST {
            kept.insert(key, url.clone());
        }
        Ok(url)
    }
}

/// The URL of `endpoint` under `base` as text: `<base>/<version><path>.json`.
pub(crate) fn text(base: &str, endpoint: &Endpoint) -> String {
    let mut text =
        String::with_capacity(base.len() + endpoint.version.len() + endpoint.path.len() + 8);
    text.push_str(base);
    endpoint.call().push_url_path(&mut text);
    text
}

/// A hasher for keys of whole words (addresses and lengths, which no caller
/// chooses): one multiply per word.
#[derive(Default)]
struct WordHasher(u64);

impl Hasher for WordHasher {
    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.write_u64(u64::from(byte));
        }
    }

    fn write_u64(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x517c_c1b7_2722_0a95);
    }

    fn write_usize(&mut self, word: usize) {
        self.write_u64(word as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Endpoint, Method};

    static LIST: Endpoint = Endpoint::new("dns_list", Method::Get, "1.0", "/dns/list_domains");
    static ADD: Endpoint = Endpoint::new("dns_add", Method::Post, "1.0", "/dns/add_domain");

    #[test]
    fn each_endpoint_has_its_own_url_kept_after_its_first_call() {
        let urls = Urls::default();
        let base = "http://127.0.0.1:8080/prefix";
        let list = urls.get(base, &LIST).unwrap();
        assert_eq!(
            list.as_str(),
            "http://127.0.0.1:8080/prefix/1.0/dns/list_domains.json"
        );
        let add = urls.get(base, &ADD).unwrap();
        assert_eq!(
            add.as_str(),
            "http://127.0.0.1:8080/prefix/1.0/dns/add_domain.json"
        );
        assert_eq!(urls.get(base, &LIST).unwrap(), list);
        assert_eq!(urls.parsed.read().unwrap().len(), 2);
    }

    #[test]
    fn a_url_that_does_not_parse_is_returned_as_text_and_not_kept() {
        let urls = Urls::default();
        let text = urls.get("http://[::1", &LIST).unwrap_err();
        assert_eq!(text, "http://[::1/1.0/dns/list_domains.json");
        assert!(urls.parsed.read().unwrap().is_empty());
    }
}
