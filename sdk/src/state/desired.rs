//! The state file: resources by their spec name, each a list of objects in
//! the shape the API returns them in, as the fake's seed files are. Text
//! values may take `${NAME}` from the environment.

use super::kinds::Kind;
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

/// Why a state file cannot be used: the file, where in it, and what is
/// wrong. Never holds a value read from the environment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StateError {
    /// The file (or `the state` for text given directly).
    pub source: String,
    /// What is wrong, as a sentence.
    pub message: String,
}

impl fmt::Display for StateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.source, self.message)
    }
}

impl std::error::Error for StateError {}

/// The objects a state file says should exist, by resource (parents first,
/// in the order each file gives them), and the files read.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DesiredState {
    pub(crate) objects: BTreeMap<&'static str, Vec<Map<String, Value>>>,
    pub(crate) files: Vec<PathBuf>,
}

impl DesiredState {
    /// Reads and merges state files.
    ///
    /// # Errors
    ///
    /// A file that cannot be read or does not fit (see [`from_yaml`](Self::from_yaml)).
    pub fn from_files(paths: &[impl AsRef<Path>]) -> Result<DesiredState, StateError> {
        let mut state = DesiredState::default();
        for path in paths {
            let path = path.as_ref();
            let source = path.display().to_string();
            let text = std::fs::read_to_string(path).map_err(|e| StateError {
                source: source.clone(),
                message: e.to_string(),
            })?;
            state.merge(DesiredState::read(&text, &source, &|name| {
                std::env::var(name).ok()
            })?)?;
            state.files.push(path.to_path_buf());
        }
        Ok(state)
    }

    /// Reads state from YAML (or JSON) text: a mapping of resource names
    /// (`dns_zone`, `dns_record`, …) to lists of objects. `${NAME}` in a
    /// text value is the environment variable `NAME`.
    ///
    /// # Errors
    ///
    /// Text that is not such a mapping, a resource desired state cannot
    /// manage (the sentence says what its declaration lacks), a field its
    /// objects cannot set, a missing match field, two objects that match
    /// alike, or an environment variable that is not set.
    pub fn from_yaml(text: &str) -> Result<DesiredState, StateError> {
        DesiredState::read(text, "the state", &|name| std::env::var(name).ok())
    }

    /// Like [`from_yaml`](Self::from_yaml), with `env` giving the values of
    /// `${NAME}`.
    ///
    /// # Errors
    ///
    /// As [`from_yaml`](Self::from_yaml).
    pub fn from_yaml_with(
        text: &str,
        env: &dyn Fn(&str) -> Option<String>,
    ) -> Result<DesiredState, StateError> {
        DesiredState::read(text, "the state", env)
    }

    /// The state as JSON: a mapping of resource names to lists of objects
    /// (what [`from_json`](Self::from_json) reads).
    pub fn to_json(&self) -> Value {
        Value::Object(
            self.objects
                .iter()
                .map(|(name, objects)| {
                    let list = objects.iter().cloned().map(Value::Object).collect();
                    ((*name).to_owned(), Value::Array(list))
                })
                .collect(),
        )
    }

    /// Reads state given as JSON (a mapping of resource names to lists of
    /// objects), as the MCP server's tools take it.
    ///
    /// # Errors
    ///
    /// As [`from_yaml`](Self::from_yaml).
    pub fn from_json(value: &Value) -> Result<DesiredState, StateError> {
        DesiredState::from_value(value.clone(), "the state", &|name| std::env::var(name).ok())
    }

    /// The objects of each resource, parents first.
    pub fn resources(&self) -> impl Iterator<Item = (&'static str, &[Map<String, Value>])> {
        let mut names: Vec<&'static str> = self.objects.keys().copied().collect();
        names.sort_by_key(|n| Kind::named(n).map(|k| k.rank()).unwrap_or(0));
        names.into_iter().map(|n| (n, self.objects[n].as_slice()))
    }

    /// The files read, in order.
    pub fn files(&self) -> &[PathBuf] {
        &self.files
    }

    /// Whether it holds no object.
    pub fn is_empty(&self) -> bool {
        self.objects.values().all(Vec::is_empty)
    }

    /// The state as YAML, each object on a line, as `export` writes it.
    pub fn to_yaml(&self) -> String {
        let mut out = String::new();
        for (name, objects) in self.resources() {
            out.push_str(name);
            out.push_str(":\n");
            for object in objects {
                out.push_str("  - ");
                out.push_str(&Value::Object(object.clone()).to_string());
                out.push('\n');
            }
        }
        out
    }

    fn read(
        text: &str,
        source: &str,
        env: &dyn Fn(&str) -> Option<String>,
    ) -> Result<DesiredState, StateError> {
        let value: Value = serde_yaml::from_str(text).map_err(|e| StateError {
            source: source.to_owned(),
            message: e.to_string(),
        })?;
        DesiredState::from_value(value, source, env)
    }

    fn from_value(
        value: Value,
        source: &str,
        env: &dyn Fn(&str) -> Option<String>,
    ) -> Result<DesiredState, StateError> {
        let fail = |message: String| StateError {
            source: source.to_owned(),
            message,
        };
        let entries = crate::resource_file::entries(value, "a state file").map_err(&fail)?;
        let mut state = DesiredState::default();
        for (name, objects) in entries {
            let kind = Kind::named(&name).map_err(&fail)?;
            let mut read = Vec::new();
            for (i, object) in objects.into_iter().enumerate() {
                let at = format!("{name}[{i}]");
                let Value::Object(mut object) = object else {
                    return Err(fail(format!("{at} is not an object")));
                };
                for (field, value) in object.iter_mut() {
                    interpolate(value, env).map_err(|var| {
                        fail(format!(
                            "{at}.{field} uses ${{{var}}}, and the environment variable \
                             `{var}` is not set"
                        ))
                    })?;
                }
                check_object(&kind, &object).map_err(|e| fail(format!("{at}: {e}")))?;
                if let Some(j) = read.iter().position(|o| same_match(&kind, o, &object)) {
                    return Err(fail(format!(
                        "{at} matches {name}[{j}]: objects are matched by {}",
                        kind.desired.matched_by.join(", ")
                    )));
                }
                read.push(object);
            }
            state.objects.insert(kind.name(), read);
        }
        Ok(state)
    }

    fn merge(&mut self, other: DesiredState) -> Result<(), StateError> {
        for (name, objects) in other.objects {
            let kind = Kind::named(name).map_err(|message| StateError {
                source: "the state".to_owned(),
                message,
            })?;
            let held = self.objects.entry(name).or_default();
            for object in objects {
                if held.iter().any(|o| same_match(&kind, o, &object)) {
                    return Err(StateError {
                        source: "the state".to_owned(),
                        message: format!(
                            "two files give the {name} matched by {}",
                            super::values::label(&kind, &object)
                        ),
                    });
                }
                held.push(object);
            }
        }
        Ok(())
    }
}

/// Replaces `${NAME}` in the texts of `value`; the name of the first
/// variable that is not set.
fn interpolate(value: &mut Value, env: &dyn Fn(&str) -> Option<String>) -> Result<(), String> {
    match value {
        Value::String(text) if text.contains("${") => {
            let mut out = String::new();
            let mut rest = text.as_str();
            while let Some(start) = rest.find("${") {
                let Some(end) = rest[start..].find('}') else {
                    break;
                };
                let name = &rest[start + 2..start + end];
                out.push_str(&rest[..start]);
                out.push_str(&env(name).ok_or_else(|| name.to_owned())?);
                rest = &rest[start + end + 1..];
            }
            out.push_str(rest);
            *text = out;
            Ok(())
        }
        Value::Array(items) => items.iter_mut().try_for_each(|v| interpolate(v, env)),
        Value::Object(fields) => fields.values_mut().try_for_each(|v| interpolate(v, env)),
        _ => Ok(()),
    }
}

/// An object of a state file has every match field (or, leaving out the
/// one its create returns, every field of `or_match`), and only fields its
/// resource lets a file write.
fn check_object(kind: &Kind, object: &Map<String, Value>) -> Result<(), String> {
    let has = |field: &&str| object.get(*field).is_some_and(|v| !v.is_null());
    let unnamed = kind
        .returned_key()
        .is_some_and(|key| !has(&key) && kind.desired.or_matched_by.iter().all(has));
    for field in kind.desired.matched_by {
        let left_to_the_api = unnamed && Some(*field) == kind.returned_key();
        if !has(field) && !left_to_the_api {
            let or = match kind.desired.or_matched_by {
                [] => String::new(),
                others => format!(" (or, without `{field}`, by {})", others.join(", ")),
            };
            return Err(format!(
                "it has no `{field}`: {} objects are matched by {}{or}",
                kind.name(),
                kind.desired.matched_by.join(", ")
            ));
        }
    }
    super::refs::check(kind, object)?;
    for field in object.keys() {
        if !kind.writable(field) && !kind.is_secret(field) {
            let why = if kind.set_by_api(field) {
                "the API sets it"
            } else if kind.field(field).is_some() {
                "no endpoint that creates one sets it"
            } else {
                "it is not a field of one"
            };
            return Err(format!("`{field}` cannot be written: {why}"));
        }
    }
    Ok(())
}

/// Whether two objects have the same match fields; where one leaves out
/// the field its create returns (a server without a name), the same
/// `or_match` fields (its label).
pub(crate) fn same_match(kind: &Kind, a: &Map<String, Value>, b: &Map<String, Value>) -> bool {
    let by = |fields: &[&str]| {
        fields
            .iter()
            .all(|f| super::values::same(kind.field(f), a.get(*f), b.get(*f)))
    };
    let named = |o: &Map<String, Value>| {
        kind.returned_key()
            .is_none_or(|key| o.get(key).is_some_and(|v| !v.is_null() && v != ""))
    };
    if named(a) && named(b) {
        by(kind.desired.matched_by)
    } else {
        by(kind.desired.or_matched_by)
    }
}
