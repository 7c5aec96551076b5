//! Requests made at run time from an endpoint's metadata (a value of the
//! codec, or fields already named), as the command line and the MCP server
//! make them, and what a request would send, without sending it.

use crate::client::Client;
use crate::error::Error;
use crate::form;
use crate::{Endpoint, Method, Request};
use std::fmt;

impl Client {
    /// Sends a request given as a value of the codec ([`wire`](crate::wire):
    /// the parameter tree as JSON, as the MCP server's tools take it) to
    /// `endpoint`, and returns `return` as JSON. The value is checked and
    /// encoded by the endpoint's metadata, as the request types encode
    /// theirs.
    ///
    /// # Errors
    ///
    /// See [`Error`]; [`Error::InvalidParameter`] for a value that cannot be
    /// sent, before anything is sent.
    #[inline]
    pub async fn send_value(
        &self,
        endpoint: &'static Endpoint,
        value: &serde_json::Map<String, serde_json::Value>,
    ) -> Result<serde_json::Value, Error> {
        let fields = crate::wire::encode(endpoint.params, value)
            .map_err(|invalid| form::invalid_parameter(endpoint.call(), invalid))?;
        self.send_fields(endpoint, &fields).await
    }

    /// What [`send_value`](Self::send_value) would send, without sending it.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`] for a value that cannot be sent.
    #[inline]
    pub fn preview_value(
        &self,
        endpoint: &'static Endpoint,
        value: &serde_json::Map<String, serde_json::Value>,
    ) -> Result<Preview, Error> {
        let fields = crate::wire::encode(endpoint.params, value)
            .map_err(|invalid| form::invalid_parameter(endpoint.call(), invalid))?;
        self.preview_fields(endpoint, &fields)
    }

    /// Sends fields already named and ordered as the wire wants them
    /// (`client_id`, `filters[sort_by]`, `containers[0]`), after `apikey`, to
    /// `endpoint`, and returns `return` as JSON. For requests made at run time
    /// from an [`Endpoint`]'s metadata, as the `sitehost` command line makes
    /// them; the request types are the checked way.
    ///
    /// # Errors
    ///
    /// See [`Error`]; [`Error::InvalidParameter`] for an empty value, before
    /// anything is sent.
    pub async fn send_fields(
        &self,
        endpoint: &'static Endpoint,
        fields: &[(String, String)],
    ) -> Result<serde_json::Value, Error> {
        let form = self.encode_fields(endpoint, fields)?;
        let span = crate::hooks::call_span(endpoint);
        let received = self.exchange(&span, endpoint, form).await;
        self.finish(&span, endpoint, received)
    }

    /// What [`send_fields`](Self::send_fields) would send, without sending it.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`] for an empty value.
    pub fn preview_fields(
        &self,
        endpoint: &'static Endpoint,
        fields: &[(String, String)],
    ) -> Result<Preview, Error> {
        let form = self.encode_fields(endpoint, fields)?;
        Ok(self.preview_form(endpoint, &form))
    }

    fn encode_fields(
        &self,
        endpoint: &'static Endpoint,
        fields: &[(String, String)],
    ) -> Result<String, Error> {
        let mut out = String::with_capacity(128);
        let mut form = crate::Form::new(&mut out, self.key());
        for (name, value) in fields {
            form.named(name, value);
        }
        form.finish()
            .map_err(|invalid| form::invalid_parameter(endpoint.call(), invalid))?;
        Ok(out)
    }

    /// What [`send`](Self::send) would send, without sending it: the method,
    /// the URL without its query, and the fields in order.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`] for a value that cannot be sent.
    pub fn preview<R: Request>(&self, request: &R) -> Result<Preview, Error> {
        let mut form = String::new();
        form::encode_form(self.key(), request, &mut form)?;
        Ok(self.preview_form(R::ENDPOINT, &form))
    }

    fn preview_form(&self, endpoint: &Endpoint, form: &str) -> Preview {
        Preview {
            method: endpoint.method,
            url: self.url(endpoint),
            fields: form_urlencoded::parse(form.as_bytes())
                .map(|(name, value)| {
                    let value = if name == "apikey" {
                        "***".to_owned()
                    } else {
                        value.into_owned()
                    };
                    (name.into_owned(), value)
                })
                .collect(),
        }
    }
}

/// What a request would send; see [`Client::preview`]. Its `Display` shows the
/// key as `***`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Preview {
    /// `GET` or `POST`.
    pub method: Method,
    /// The URL, without the query of a GET.
    pub url: String,
    /// The fields in order, `apikey` first with its value shown as `***`.
    pub fields: Vec<(String, String)>,
}

impl Preview {
    /// The field names in order.
    pub fn names(&self) -> Vec<&str> {
        self.fields.iter().map(|(n, _)| n.as_str()).collect()
    }
}

impl fmt::Display for Preview {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.method, self.url)?;
        for (i, (name, value)) in self.fields.iter().enumerate() {
            f.write_str(if i == 0 { "\n    " } else { "&" })?;
            write!(f, "{name}={value}")?;
        }
        Ok(())
    }
}
