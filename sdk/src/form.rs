//! The ordered `application/x-www-form-urlencoded` encoding of a request:
//! `apikey` first, then the parameters in the spec's order, lists as the spec
//! says. The same text is the body of a POST and the query of a GET.
//!
//! Why urlencoded rather than multipart for POST: the API accepts both, its own
//! Python and Ruby samples and the official Go SDK send urlencoded, and it is
//! one flat byte string whose order nothing between us and the API can change.

use crate::request::ListEncoding;
use crate::secret::ApiKey;

/// The content type of every POST body.
pub const CONTENT_TYPE: &str = "application/x-www-form-urlencoded";

/// Writes parameters in order. Handed to [`Request::encode`](crate::Request::encode).
pub struct Form<'a> {
    out: &'a mut String,
    problem: Option<Problem>,
}

/// A parameter value that cannot be sent, found before anything is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Problem {
    pub param: &'static str,
    pub reason: &'static str,
}

impl<'a> Form<'a> {
    /// Starts a form with the key, which is always the first parameter.
    pub(crate) fn new(out: &'a mut String, key: &ApiKey) -> Form<'a> {
        out.push_str("apikey=");
        encode_into(out, key.expose());
        Form { out, problem: None }
    }

    /// Writes a required parameter.
    pub fn required<V: FormValue + ?Sized>(&mut self, name: &'static str, value: &V) {
        self.pair(name, None, value);
    }

    /// Writes an optional parameter, or nothing when it is `None`.
    pub fn optional<V: FormValue + ?Sized>(&mut self, name: &'static str, value: Option<&V>) {
        if let Some(value) = value {
            self.pair(name, None, value);
        }
    }

    /// Writes a list parameter, one pair per value.
    pub fn list<V: FormValue>(
        &mut self,
        name: &'static str,
        encoding: ListEncoding,
        required: bool,
        values: &[V],
    ) {
        if required && values.is_empty() {
            self.fail(name, "is required and needs at least one value");
        }
        for (index, value) in values.iter().enumerate() {
            let suffix = match encoding {
                ListEncoding::Indexed => Suffix::Index(index),
                ListEncoding::Brackets => Suffix::Brackets,
            };
            self.pair(name, Some(suffix), value);
        }
    }

    fn pair<V: FormValue + ?Sized>(
        &mut self,
        name: &'static str,
        suffix: Option<Suffix>,
        value: &V,
    ) {
        self.out.push('&');
        encode_into(self.out, name);
        match suffix {
            None => {}
            Some(Suffix::Brackets) => self.out.push_str("%5B%5D"),
            Some(Suffix::Index(i)) => {
                self.out.push_str("%5B");
                self.out.push_str(itoa::Buffer::new().format(i));
                self.out.push_str("%5D");
            }
        }
        self.out.push('=');
        if let Err(reason) = value.write(self.out) {
            self.fail(name, reason);
        }
    }

    fn fail(&mut self, param: &'static str, reason: &'static str) {
        if self.problem.is_none() {
            self.problem = Some(Problem { param, reason });
        }
    }

    pub(crate) fn finish(self) -> Result<(), Problem> {
        match self.problem {
            None => Ok(()),
            Some(problem) => Err(problem),
        }
    }
}

#[derive(Clone, Copy)]
enum Suffix {
    Index(usize),
    Brackets,
}

/// Percent-encodes `text` the way HTML forms do (space as `+`).
fn encode_into(out: &mut String, text: &str) {
    for chunk in form_urlencoded::byte_serialize(text.as_bytes()) {
        out.push_str(chunk);
    }
}

/// Appends the exact text [`Client::send`](crate::Client::send) sends for
/// `request`: `apikey=…` first, then the parameters in the documented order,
/// percent-encoded (the body of a POST, the query of a GET). It allocates
/// nothing beyond what `out` needs to grow.
///
/// ```
/// use sitehost::api::cloud::stack::ssl::lets_encrypt::Renew;
///
/// let key = sitehost::ApiKey::new("your_key_here");
/// let mut body = String::new();
/// sitehost::encode_form(&key, &Renew::new(1, "ch-servername", "examplenz").containers(["example.nz"]), &mut body)?;
/// assert_eq!(
///     body,
///     "apikey=your_key_here&client_id=1&server=ch-servername&name=examplenz&containers%5B0%5D=example.nz"
/// );
/// # Ok::<(), sitehost::Error>(())
/// ```
///
/// # Errors
///
/// [`Error::InvalidParameter`](crate::Error::InvalidParameter) for a value
/// that cannot be sent; `out` then holds a partial form.
pub fn encode_form<R: crate::Request>(
    key: &ApiKey,
    request: &R,
    out: &mut String,
) -> Result<(), crate::Error> {
    let mut form = Form::new(out, key);
    request.encode(&mut form);
    form.finish().map_err(|p| crate::Error::InvalidParameter {
        call: R::ENDPOINT.call(),
        param: p.param,
        reason: p.reason,
    })
}

/// A value that can be a parameter. Implemented for text, integers and
/// booleans; sealed.
pub trait FormValue: sealed::Sealed {
    /// Appends the encoded value, or says why it cannot be sent.
    fn write(&self, out: &mut String) -> Result<(), &'static str>;
}

mod sealed {
    pub trait Sealed {}
    impl Sealed for str {}
    impl Sealed for String {}
    impl Sealed for i64 {}
    impl Sealed for bool {}
}

impl FormValue for str {
    fn write(&self, out: &mut String) -> Result<(), &'static str> {
        if self.is_empty() {
            return Err(
                "is empty; leave an optional parameter unset instead of sending an empty value",
            );
        }
        encode_into(out, self);
        Ok(())
    }
}

impl FormValue for String {
    fn write(&self, out: &mut String) -> Result<(), &'static str> {
        self.as_str().write(out)
    }
}

impl FormValue for i64 {
    fn write(&self, out: &mut String) -> Result<(), &'static str> {
        out.push_str(itoa::Buffer::new().format(*self));
        Ok(())
    }
}

impl FormValue for bool {
    fn write(&self, out: &mut String) -> Result<(), &'static str> {
        out.push(if *self { '1' } else { '0' });
        Ok(())
    }
}
