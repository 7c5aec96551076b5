//! What the fake received: each request as it arrived, for assertions,
//! shown with the key's value as `***`.

use std::fmt;

/// One request the fake received.
#[derive(Clone, PartialEq, Eq)]
pub struct RecordedRequest {
    /// `GET` or `POST`, as received.
    pub method: String,
    /// The path of the URL, such as `/1.3/job/get.json`.
    pub path: String,
    /// The raw query string, if any.
    pub query: Option<String>,
    /// The `Content-Type` header, if any.
    pub content_type: Option<String>,
    /// The raw body.
    pub body: String,
    /// The decoded fields, in order: the query's for GET, the body's for POST.
    pub fields: Vec<(String, String)>,
    /// `Some(msg)` when the fake refused the request, with the `msg` it sent.
    pub refused: Option<String>,
    /// The fault the request met in chaos mode
    /// ([`FakeApiBuilder::faults`](super::FakeApiBuilder::faults)), if any.
    pub fault: Option<super::Fault>,
    /// When the request arrived.
    pub received: std::time::Instant,
}

impl RecordedRequest {
    /// The field names in order.
    pub fn names(&self) -> Vec<&str> {
        self.fields.iter().map(|(n, _)| n.as_str()).collect()
    }

    /// The value of the first field called `name`.
    pub fn field(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Shows the request with the key's value as `***`.
impl fmt::Display for RecordedRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.method, self.path)?;
        for (i, (name, value)) in self.fields.iter().enumerate() {
            f.write_str(if i == 0 { "\n    " } else { "&" })?;
            let value = if name == "apikey" { "***" } else { value };
            write!(f, "{name}={value}")?;
        }
        if let Some(msg) = &self.refused {
            write!(f, "\n    refused: {msg}")?;
        }
        if let Some(fault) = self.fault {
            write!(f, "\n    fault: {fault}")?;
        }
        Ok(())
    }
}

/// Like `Display`: the key's value is shown as `***`.
impl fmt::Debug for RecordedRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let fields: Vec<(&str, &str)> = self
            .fields
            .iter()
            .map(|(n, v)| (n.as_str(), if n == "apikey" { "***" } else { v.as_str() }))
            .collect();
        f.debug_struct("RecordedRequest")
            .field("method", &self.method)
            .field("path", &self.path)
            .field("content_type", &self.content_type)
            .field("fields", &fields)
            .field("refused", &self.refused)
            .field("fault", &self.fault)
            .finish_non_exhaustive()
    }
}
