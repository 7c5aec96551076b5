//! The validated spec: every name checked, every reference resolved, sorted
//! for deterministic output. The emitter reads only this.

pub use crate::raw::{JobType, ListEncoding, Method, ParamType};

#[derive(Debug, Clone, PartialEq)]
pub struct Spec {
    /// Sorted by path.
    pub endpoints: Vec<Endpoint>,
    /// Sorted by name.
    pub shapes: Vec<Shape>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Endpoint {
    /// The API path without version or `.json`, e.g. `/job/get`.
    pub path: String,
    pub version: String,
    pub method: Method,
    pub summary: String,
    pub description: Option<String>,
    /// In wire order.
    pub params: Vec<Param>,
    pub response: Response,
    /// Rust module path (snake case), from all but the last path segment.
    pub module: Vec<String>,
    /// Rust type name of the request (PascalCase of the last segment).
    pub type_name: String,
    /// Name of the client method (all segments, snake case, joined by `_`).
    pub method_name: String,
    /// The spec file it comes from, relative to the spec folder.
    pub source: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    /// The name on the wire (without any `[0]` or `[]`).
    pub name: String,
    /// The Rust field name (snake case; may be a keyword, escaped when emitted).
    pub field: String,
    pub ty: ParamType,
    pub required: bool,
    pub list: Option<ListEncoding>,
    pub description: String,
    /// Example values (one for a scalar, one or more for a list).
    pub example: Vec<Example>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Example {
    Text(String),
    Integer(i64),
    Boolean(bool),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Response {
    pub shape: Option<String>,
    pub list: bool,
    pub job: Option<JobType>,
    /// The example envelope, as written (JSON).
    pub example: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Shape {
    pub name: String,
    pub description: String,
    pub fields: Vec<Field>,
    /// The spec file it comes from, relative to the spec folder.
    pub source: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// The JSON key.
    pub name: String,
    /// The Rust field name.
    pub field: String,
    pub ty: FieldType,
    pub list: bool,
    pub optional: bool,
    pub description: String,
}

#[derive(Debug, Clone, PartialEq)]
pub enum FieldType {
    String,
    Integer,
    Boolean,
    Number,
    Shape(String),
}

impl JobType {
    pub fn as_str(self) -> &'static str {
        match self {
            JobType::Daemon => "daemon",
            JobType::Scheduler => "scheduler",
        }
    }
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
        }
    }
}

/// `clientId`, `client-id` and `client_id` all become `client_id`. Returns
/// `None` for a name that cannot become a Rust identifier.
pub fn snake_case(name: &str) -> Option<String> {
    let mut out = String::with_capacity(name.len() + 4);
    let mut prev_lower = false;
    for c in name.chars() {
        match c {
            'A'..='Z' => {
                if prev_lower {
                    out.push('_');
                }
                out.push(c.to_ascii_lowercase());
                prev_lower = false;
            }
            'a'..='z' | '0'..='9' => {
                out.push(c);
                prev_lower = true;
            }
            '_' | '-' | '.' => {
                out.push('_');
                prev_lower = false;
            }
            _ => return None,
        }
    }
    let first = out.chars().next()?;
    if first.is_ascii_digit() || out.chars().all(|c| c == '_') {
        return None;
    }
    Some(out)
}

/// `lets_encrypt` becomes `LetsEncrypt`.
pub fn pascal_case(snake: &str) -> String {
    let mut out = String::with_capacity(snake.len());
    let mut upper = true;
    for c in snake.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.push(c.to_ascii_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snake_case_converts_and_rejects() {
        assert_eq!(snake_case("client_id").as_deref(), Some("client_id"));
        assert_eq!(snake_case("clientId").as_deref(), Some("client_id"));
        assert_eq!(snake_case("lets-encrypt").as_deref(), Some("lets_encrypt"));
        assert_eq!(snake_case("type").as_deref(), Some("type"));
        assert_eq!(snake_case("2fa"), None);
        assert_eq!(snake_case("a b"), None);
        assert_eq!(snake_case("containers[0]"), None);
        assert_eq!(snake_case(""), None);
        assert_eq!(snake_case("__"), None);
    }

    #[test]
    fn pascal_case_joins_words() {
        assert_eq!(pascal_case("lets_encrypt"), "LetsEncrypt");
        assert_eq!(pascal_case("renew"), "Renew");
        assert_eq!(pascal_case("get"), "Get");
    }
}
