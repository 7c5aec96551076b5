//! Who a request is: its bearer token, checked before anything is sent,
//! and the client it acts with, cached by a hash of the token (bounded in
//! number and idle time; an evicted client's key is wiped from memory when
//! its last copy goes).

use crate::client::Template;
use sha2::{Digest, Sha256};
use sitehost::Client;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use subtle::ConstantTimeEq;
use tokio::sync::Semaphore;
use zeroize::Zeroizing;

/// Whose key a request acts with.
pub enum Mode {
    /// Each caller's bearer token is their SiteHost API key.
    PerKey(Box<Template>),
    /// One key for every caller, who must present one of these tokens
    /// (their SHA-256 hashes).
    Shared {
        /// The client of the shared key.
        client: Client,
        /// The hashes of the tokens callers may present.
        tokens: Vec<[u8; 32]>,
    },
}

/// The limits of the cache of callers.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// The most callers cached.
    pub max_keys: usize,
    /// A caller not seen for this long is dropped.
    pub idle: Duration,
    /// The most requests of one caller at once.
    pub max_in_flight: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_keys: 1024,
            idle: Duration::from_secs(900),
            max_in_flight: 8,
        }
    }
}

/// A known caller: the client and the permits of its requests in flight.
#[derive(Clone)]
pub struct Known {
    /// The client the caller's calls use.
    pub client: Client,
    /// At most [`Limits::max_in_flight`] requests at once.
    pub in_flight: Arc<Semaphore>,
    /// A short fingerprint of the token for the access log (not the key).
    pub fingerprint: String,
}

struct Cached {
    known: Known,
    used: Instant,
}

/// Why a request is not let in.
#[derive(Debug, PartialEq, Eq)]
pub enum Refused {
    /// No bearer token, or a malformed one.
    NoToken,
    /// A token that is not one of the listed ones (shared-key mode).
    BadToken,
}

/// The callers' keys and their clients.
pub struct Keys {
    mode: Mode,
    limits: Limits,
    cache: Mutex<HashMap<[u8; 32], Cached>>,
}

/// The SHA-256 of a token.
pub fn hash(token: &str) -> [u8; 32] {
    Sha256::digest(token.as_bytes()).into()
}

/// Reads a tokens file: one SHA-256 hash in hex a line; `#` starts a
/// comment.
///
/// # Errors
///
/// A line that is not 64 hex digits, or an empty list.
pub fn read_tokens(text: &str) -> Result<Vec<[u8; 32]>, String> {
    let mut tokens = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.split('#').next().unwrap_or_default().trim();
        if line.is_empty() {
            continue;
        }
        let bad = || {
            format!(
                "line {}: not the SHA-256 of a token in hex (64 digits)",
                n + 1
            )
        };
        if line.len() != 64 {
            return Err(bad());
        }
        let mut hash = [0u8; 32];
        for (i, byte) in hash.iter_mut().enumerate() {
            *byte = u8::from_str_radix(&line[2 * i..2 * i + 2], 16).map_err(|_| bad())?;
        }
        tokens.push(hash);
    }
    if tokens.is_empty() {
        return Err("lists no token".to_owned());
    }
    Ok(tokens)
}

/// The token of an `Authorization: Bearer …` header.
pub fn bearer(header: Option<&http::HeaderValue>) -> Result<Zeroizing<String>, Refused> {
    let text = header
        .and_then(|h| h.to_str().ok())
        .ok_or(Refused::NoToken)?;
    let (scheme, token) = text.split_once(' ').ok_or(Refused::NoToken)?;
    let token = token.trim();
    if !scheme.eq_ignore_ascii_case("bearer")
        || token.is_empty()
        || token.chars().any(|c| !c.is_ascii_graphic())
    {
        return Err(Refused::NoToken);
    }
    Ok(Zeroizing::new(token.to_owned()))
}

impl Keys {
    /// The callers of `mode`, cached within `limits`.
    pub fn new(mode: Mode, limits: Limits) -> Keys {
        Keys {
            mode,
            limits,
            cache: Mutex::new(HashMap::new()),
        }
    }

    /// The caller of a bearer token: from the cache, or checked and added.
    ///
    /// # Errors
    ///
    /// A token the shared-key mode does not list, or a malformed key.
    pub fn caller(&self, token: &str) -> Result<Known, Refused> {
        let id = hash(token);
        let now = Instant::now();
        let mut cache = self
            .cache
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(cached) = cache.get_mut(&id) {
            cached.used = now;
            return Ok(cached.known.clone());
        }
        let client = match &self.mode {
            Mode::PerKey(template) => template.client(token).map_err(|_| Refused::NoToken)?,
            Mode::Shared { client, tokens } => {
                let listed = tokens
                    .iter()
                    .fold(subtle::Choice::from(0), |found, t| found | t.ct_eq(&id));
                if !bool::from(listed) {
                    return Err(Refused::BadToken);
                }
                client.clone()
            }
        };
        let idle = self.limits.idle;
        cache.retain(|_, c| now.duration_since(c.used) < idle);
        if cache.len() >= self.limits.max_keys
            && let Some(oldest) = cache.iter().min_by_key(|(_, c)| c.used).map(|(k, _)| *k)
        {
            cache.remove(&oldest);
        }
        let known = Known {
            client,
            in_flight: Arc::new(Semaphore::new(self.limits.max_in_flight)),
            fingerprint: id[..4].iter().map(|b| format!("{b:02x}")).collect(),
        };
        cache.insert(
            id,
            Cached {
                known: known.clone(),
                used: now,
            },
        );
        Ok(known)
    }

    /// How many callers are cached.
    pub fn cached(&self) -> usize {
        self.cache
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bearer_tokens_are_read_strictly() {
        let header = |v: &str| http::HeaderValue::from_str(v).unwrap();
        assert_eq!(bearer(Some(&header("Bearer abc"))).unwrap().as_str(), "abc");
        assert_eq!(bearer(Some(&header("bearer abc"))).unwrap().as_str(), "abc");
        for bad in ["Basic abc", "Bearer", "Bearer ", "abc", "Bearer a b"] {
            assert_eq!(
                bearer(Some(&header(bad))).err(),
                Some(Refused::NoToken),
                "{bad}"
            );
        }
        assert_eq!(bearer(None).err(), Some(Refused::NoToken));
    }

    #[test]
    fn a_tokens_file_holds_hashes() {
        let one = "a".repeat(64);
        assert_eq!(read_tokens(&format!("# team\n{one}\n")).unwrap().len(), 1);
        assert!(read_tokens("abc").is_err());
        assert!(read_tokens(&"g".repeat(64)).is_err());
        assert!(read_tokens("# nothing").is_err());
    }

    #[test]
    fn the_cache_is_bounded() {
        let template = Template::new(Client::builder()).unwrap();
        let limits = Limits {
            max_keys: 2,
            ..Limits::default()
        };
        let keys = Keys::new(Mode::PerKey(Box::new(template)), limits);
        for key in ["k1", "k2", "k3"] {
            keys.caller(key).unwrap();
        }
        assert_eq!(keys.cached(), 2);
    }
}
