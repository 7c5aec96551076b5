//! Secrets the API returns once (a new server's root password, an AI
//! token's value): taken from a create's response by the resource's
//! `returns_secret` declaration, never shown, and kept where the caller
//! says as they arrive ([`SecretsFile`]: YAML, created with mode 0600,
//! appended, one entry per object).

use super::kinds::Kind;
use super::plan::{Action, Plan};
use serde_json::{Map, Value};
use std::fmt;
use std::io::Write;
use std::path::{Path, PathBuf};

/// What a create returned once: the object (its match fields, with the
/// name the API gave it) and its secrets. `Debug` shows no secret.
#[derive(Clone, PartialEq)]
pub struct Returned {
    /// The resource, by its spec name (`server`).
    pub resource: &'static str,
    /// The object's match fields, with a key the API named (its `name`).
    pub object: Map<String, Value>,
    secrets: Vec<(&'static str, String)>,
}

impl fmt::Debug for Returned {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = self.secrets.iter().map(|(n, _)| *n).collect();
        f.debug_struct("Returned")
            .field("resource", &self.resource)
            .field("object", &self.object)
            .field("secrets", &names)
            .finish()
    }
}

impl Returned {
    /// The secrets of a create's response, where its resource declares
    /// some (`None` where it declares none).
    pub(crate) fn from_create(
        kind: &Kind,
        sent: &Map<String, Value>,
        returned: &Value,
    ) -> Option<Returned> {
        if kind.desired.returns_secrets.is_empty() {
            return None;
        }
        let mut object: Map<String, Value> = kind
            .desired
            .matched_by
            .iter()
            .chain(kind.desired.or_matched_by)
            .filter_map(|f| sent.get(*f).map(|v| ((*f).to_owned(), v.clone())))
            .collect();
        if let Some(key) = super::kinds::Kind::uses(kind.create).returns_id
            && let Some(value) = returned.get(key).filter(|v| !v.is_null())
        {
            object.insert(key.to_owned(), value.clone());
        }
        let secrets = kind
            .desired
            .returns_secrets
            .iter()
            .filter_map(|f| {
                let value = returned.get(*f)?;
                let text = match value {
                    Value::String(s) => s.clone(),
                    Value::Null => return None,
                    other => other.to_string(),
                };
                Some((*f, text))
            })
            .collect();
        Some(Returned {
            resource: kind.name(),
            object,
            secrets,
        })
    }

    /// The secrets, by field (`password`). Do not log them.
    pub fn secrets(&self) -> impl Iterator<Item = (&'static str, &str)> {
        self.secrets.iter().map(|(n, v)| (*n, v.as_str()))
    }

    /// The entry a secrets file holds for it: one YAML list item,
    /// `- {resource: server, object: {...}, secrets: {password: ...}}`.
    pub fn to_yaml(&self) -> String {
        let secrets: Map<String, Value> = self
            .secrets
            .iter()
            .map(|(n, v)| ((*n).to_owned(), Value::String(v.clone())))
            .collect();
        let entry = serde_json::json!([{
            "resource": self.resource,
            "object": self.object,
            "secrets": secrets,
        }]);
        serde_yaml::to_string(&entry).unwrap_or_default()
    }
}

/// A file secrets are appended to as they arrive: YAML, one entry per
/// object, created with mode 0600 (owner only) on Unix.
#[derive(Debug, Clone)]
pub struct SecretsFile {
    path: PathBuf,
}

impl SecretsFile {
    /// The file at `path` (created on the first secret, else appended to).
    pub fn new(path: impl AsRef<Path>) -> SecretsFile {
        SecretsFile {
            path: path.as_ref().to_path_buf(),
        }
    }

    /// Appends the entry, and syncs it to disk before returning.
    ///
    /// # Errors
    ///
    /// The file cannot be opened or written.
    pub fn keep(&self, returned: &Returned) -> std::io::Result<()> {
        let mut options = std::fs::OpenOptions::new();
        options.create(true).append(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        let mut file = options.open(&self.path)?;
        file.write_all(returned.to_yaml().as_bytes())?;
        file.sync_all()
    }
}

impl Plan {
    /// Why applying the plan needs somewhere to keep secrets: it creates
    /// objects whose secrets the API returns only once; `None` when it
    /// creates none.
    pub fn secrets_returned(&self) -> Option<String> {
        let creating: Vec<String> = self
            .changes
            .iter()
            .filter(|c| matches!(c.action, Action::Create | Action::Replace))
            .filter_map(|c| {
                let kind = Kind::named(c.resource).ok()?;
                let fields = kind.desired.returns_secrets;
                (!fields.is_empty())
                    .then(|| format!("{} {} ({})", c.resource, c.label(), fields.join(", ")))
            })
            .collect();
        (!creating.is_empty()).then(|| {
            format!(
                "the API returns secrets only once when it creates {}: they would be lost \
                 without a file to keep them in",
                creating.join(", ")
            )
        })
    }
}
