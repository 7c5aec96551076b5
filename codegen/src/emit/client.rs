//! `client.rs`: the job endpoint the client polls with, and one `Client`
//! method per endpoint.
//!
//! The request types are compiled in sitehost-types, which has no client; the
//! methods are a macro there that the `sitehost` crate expands on its own
//! `Client`, where their `crate::` paths resolve (sitehost re-exports every
//! item of sitehost-types). What every method shares (that it sends nothing
//! until awaited, its errors) is said once, on `Client`.

use super::code::Code;
use super::modules::request_path;
use super::requests::output_type;
use super::rust::{Paths, ident_text, prose, type_ident};
use super::{Emitter, docs};
use crate::model::Endpoint;

/// The name of the macro that holds the methods.
pub const METHODS_MACRO: &str = "__client_methods";

/// The file.
pub fn file(emitter: &Emitter<'_>, paths: &Paths) -> Result<Code, String> {
    let mut code = Code::new();
    match emitter.spec.job_poll() {
        Some(poll) => {
            code.doc(&format!(
                "The request the client polls jobs with: `{} /{}{}.json`, as the spec has it.",
                poll.method.as_str(),
                poll.version,
                poll.path
            ));
            code.line(&format!(
                "pub type JobPoll = {};",
                request_path(poll, paths)
            ));
        }
        None => {
            code.doc(
                "The spec has no `/job/get` (and no endpoint that starts a job): nothing to poll \
                 jobs with.",
            );
            code.line(&format!(
                "pub type JobPoll = {};",
                paths.rt("NoJobEndpoint")
            ));
        }
    }
    code.blank();
    code.doc(
        "The `Client` method of every endpoint, which the `sitehost` crate expands on its \
         `Client`. Not part of the API.",
    );
    code.line("#[doc(hidden)]");
    code.line("#[macro_export]");
    code.line("#[allow(clippy::crate_in_macro_def)]");
    code.open(&format!("macro_rules! {METHODS_MACRO}"));
    code.open("() =>");
    code.open("impl crate::Client");
    for (i, e) in emitter.spec.endpoints.iter().enumerate() {
        if i > 0 {
            code.blank();
        }
        method(&mut code, e, emitter, paths)?;
    }
    code.close("");
    code.close(";");
    code.close("");
    Ok(code)
}

fn method(
    code: &mut Code,
    e: &Endpoint,
    emitter: &Emitter<'_>,
    paths: &Paths,
) -> Result<(), String> {
    let name = ident_text(&e.method_name);
    let ty = request_path(e, paths);
    let says_more = emitter.spec.job_says_more(e);
    let (output, body, returns) = match e.response.job {
        Some(job) if says_more => {
            let shape = type_ident(e.response.shape.as_deref().unwrap_or_default());
            (
                format!("crate::Started<crate::shapes::{shape}>"),
                "self.start_returning(request)",
                format!(
                    "the `{}` [`Job`](crate::Job) it starts, with the whole response \
                     ([`{shape}`](crate::shapes::{shape}))",
                    job.as_str()
                ),
            )
        }
        Some(job) => (
            "crate::Job".to_owned(),
            "self.start(request)",
            format!("the `{}` [`Job`](crate::Job) it starts", job.as_str()),
        ),
        None => (
            output_type(e, emitter, paths)?.text()?,
            "self.send(request)",
            docs::output_doc(e, emitter, paths),
        ),
    };
    code.doc(&format!(
        "{}\n\n`{} /{}{}.json` with the parameters of [`{}`]({ty}); returns {returns}.",
        prose(&e.summary),
        e.method.as_str(),
        e.version,
        e.path,
        type_ident(&e.type_name),
    ));
    code.gate(emitter.areas.endpoint(e).as_ref());
    code.line("#[inline]");
    let returns = format!("impl ::std::future::Future<Output = Result<{output}, crate::Error>>");
    let params = ["&self".to_owned(), format!("request: &{ty}")];
    code.open_fn(&format!("pub fn {name}"), &params, Some(&returns));
    code.line(body);
    code.close("");
    Ok(())
}
