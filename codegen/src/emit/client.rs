//! One `Client` method per endpoint, and the job endpoint the client polls with.
//!
//! The request types are compiled in sitehost-types, which has no client; the
//! methods are a macro there that the `sitehost` crate expands on its own
//! `Client`, where their `crate::` paths resolve (sitehost re-exports every
//! item of sitehost-types).

use super::{
    doc_lines, docs, ident, ident_text, module_prefix, output_type, prose, type_ident, type_path,
};
use crate::model::{Endpoint, Spec};
use proc_macro2::TokenStream;
use quote::quote;

/// The name of the macro that holds the methods.
pub const METHODS_MACRO: &str = "__client_methods";

/// The `impl Client` block, to be formatted and given to [`client_file`].
pub fn methods(spec: &Spec) -> TokenStream {
    let methods = spec.endpoints.iter().map(|e| client_method(e, spec));
    quote! {
        impl crate::Client {
            #(#methods)*
        }
    }
}

/// The job endpoint, and the macro with `methods`, the formatted `impl
/// Client` block.
pub fn client_file(spec: &Spec, methods: &str) -> TokenStream {
    let poll = match spec.job_poll() {
        Some(poll) => {
            let ty = type_path(poll);
            let doc = doc_lines(&[format!(
                "The request the client polls jobs with: `{} /{}{}.json`, as the spec has it.",
                poll.method.as_str(),
                poll.version,
                poll.path
            )]);
            quote! {
                #doc
                pub type JobPoll = #ty;
            }
        }
        None => {
            let doc = doc_lines(&[
                "The spec has no `/job/get` (and no endpoint that starts a job): nothing to \
                 poll jobs with."
                    .to_owned(),
            ]);
            quote! {
                #doc
                pub type JobPoll = crate::NoJobEndpoint;
            }
        }
    };
    // `crate` in the methods is the crate that expands the macro, as intended.
    let mut text = format!(
        "#[doc(hidden)]\n#[macro_export]\n#[allow(clippy::crate_in_macro_def)]\n\
         macro_rules! {METHODS_MACRO} {{\n    () => {{\n"
    );
    for line in methods.lines() {
        if !line.is_empty() {
            text.push_str("        ");
            text.push_str(line);
        }
        text.push('\n');
    }
    text.push_str("    };\n}\n");
    let doc = doc_lines(&[
        "The `Client` method of every endpoint, which the `sitehost` crate expands on its \
         `Client`. Not part of the API."
            .to_owned(),
    ]);
    let methods = super::verbatim(text);
    quote! {
        #poll

        #doc
        #methods
    }
}

fn client_method(e: &Endpoint, spec: &Spec) -> TokenStream {
    let method = ident(&e.method_name);
    let ty = type_path(e);
    let type_link = format!(
        "crate::api::{}{}",
        module_prefix(&e.module.iter().map(|m| ident_text(m)).collect::<Vec<_>>()),
        type_ident(&e.type_name)
    );
    let mut doc = vec![
        prose(&e.summary),
        String::new(),
        format!(
            "`{} /{}{}.json`, with the parameters of [`{}`]({type_link}).",
            e.method.as_str(),
            e.version,
            e.path,
            type_ident(&e.type_name)
        ),
    ];
    let body;
    let output;
    let says_more = spec.job_says_more(e);
    if let Some(job) = e.response.job.filter(|_| says_more) {
        let shape = type_ident(e.response.shape.as_deref().unwrap_or_default());
        doc.push(format!(
            "Returns the `{}` [`Job`](crate::Job) the API started, with the whole response \
             ([`{shape}`](crate::shapes::{shape})); wait for the job with {}.",
            job.as_str(),
            docs::client_method("wait_for_job", true)
        ));
        output = quote!(crate::Started<crate::shapes::#shape>);
        body = quote!(self.start_returning(request));
    } else if let Some(job) = e.response.job {
        doc.push(format!(
            "Returns the `{}` [`Job`](crate::Job) the API started; wait for it with {}.",
            job.as_str(),
            docs::client_method("wait_for_job", true)
        ));
        output = quote!(crate::Job);
        body = quote!(self.start(request));
    } else {
        doc.push(format!("Returns {}.", docs::output_doc(e, true)));
        output = output_type(e);
        body = quote!(self.send(request));
    }
    doc.push(String::new());
    doc.push(
        "An `async` call: `.await` the returned future. It sends nothing until awaited. \
         The future is `Send`, so it can be spawned on a multi-threaded runtime; the \
         signature does not say so, since proving it for every endpoint would slow every \
         build of this crate."
            .to_owned(),
    );
    doc.push(String::new());
    doc.push("# Errors".to_owned());
    doc.push(String::new());
    doc.push(
        "Any [`Error`](crate::Error): the API's refusal (`status: false`), a response that \
         does not decode, a timeout or a transport failure."
            .to_owned(),
    );
    let doc = doc_lines(&doc);
    // Inline: a dependent compiles the call it makes, and this crate does
    // not compile one `send` per endpoint that nothing may call.
    quote! {
        #doc
        #[inline]
        pub fn #method(
            &self,
            request: &#ty,
        ) -> impl ::std::future::Future<Output = Result<#output, crate::Error>> {
            #body
        }
    }
}
