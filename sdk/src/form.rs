//! The form a request is sent as (see [`Form`]): here only the step that
//! turns a request into its text, with this crate's [`Error`].

use crate::{ApiKey, Call, Error, Form, InvalidValue, Request};

/// Appends the exact text [`Client::send`](crate::Client::send) sends for
/// `request`: `apikey=…` first, then the parameters in the documented order,
/// percent-encoded (the body of a POST, the query of a GET). It allocates
/// nothing beyond what `out` needs to grow, except one buffer for the names of
/// nested parameters when the request has any.
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
/// [`Error::InvalidParameter`](Error::InvalidParameter) for a value
/// that cannot be sent; `out` then holds a partial form.
pub fn encode_form<R: Request>(key: &ApiKey, request: &R, out: &mut String) -> Result<(), Error> {
    let mut form = Form::new(out, key);
    request.encode(&mut form);
    form.finish()
        .map_err(|invalid| invalid_parameter(R::ENDPOINT.call(), invalid))
}

/// The error for a value of a call to `call` that cannot be sent.
pub(crate) fn invalid_parameter(call: Call, invalid: InvalidValue) -> Error {
    Error::InvalidParameter {
        call,
        param: invalid.param,
        reason: invalid.reason,
    }
}
