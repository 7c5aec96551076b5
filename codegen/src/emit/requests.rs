//! One request type per endpoint: the struct, its constructor and setters,
//! its `Request` implementation, its groups, and the traits that jobs and
//! paging need.

use super::params;
use super::{INLINE, docs, ident, output_type_text, raw_string, type_ident};
use crate::model::{Endpoint, JobType, Method, Spec, ValueType};
use proc_macro2::TokenStream;
use quote::quote;

pub fn request_type(e: &Endpoint, spec: &Spec) -> TokenStream {
    let name = type_ident(&e.type_name);
    let required = params::required_names(&e.params);
    let new_doc = if required.is_empty() {
        "Creates the request; set optional parameters with the setters.".to_owned()
    } else {
        format!(
            "Creates the request from its required parameters ({}), in the order the API \
             lists them.",
            required.join(", ")
        )
    };
    // The struct, its constructor and setters, `Request` and the groups are
    // formulaic: written as formatted text, which syn need not parse.
    let mut text = params::struct_and_impl(
        &name.to_string(),
        &docs::request_doc(e, spec.job_says_more(e)).join("\n"),
        &new_doc,
        "Debug, Clone, PartialEq, Eq",
        &e.params,
        "",
    );
    text.push('\n');
    text.push_str(&request_impl(e));
    for group in params::groups(&e.params, "", &format!("[`{}`]", e.type_name)) {
        text.push('\n');
        text.push_str(&group);
    }
    let items = super::verbatim(text);

    let starts_job = e.response.job.map(|job| {
        let job = job_type(job);
        quote! {
            impl crate::StartsJob for #name {
                const JOB_TYPE: crate::JobType = #job;
            }
        }
    });
    let paged = paged_impl(e);
    let poll = spec
        .job_poll()
        .filter(|poll| poll.path == e.path)
        .map(|_| poll_impl(e));

    quote! {
        #items
        #starts_job
        #paged
        #poll
    }
}

/// `impl Request`: the endpoint's metadata and its ordered encoding, as
/// formatted text (formulaic, so syn need not parse and print it).
fn request_impl(e: &Endpoint) -> String {
    let name = type_ident(&e.type_name);
    let method = match e.method {
        Method::Get => "crate::Method::Get",
        Method::Post => "crate::Method::Post",
    };
    let mut text = format!(
        "impl crate::Request for {name} {{\n    type Output = {};\n\n    const ENDPOINT: &'static crate::Endpoint = &crate::Endpoint::new(\n        {method},\n        {:?},\n        {:?},\n",
        output_type_text(e),
        e.version,
        e.path
    );
    if e.params.is_empty() {
        text.push_str("        &[],\n");
    } else {
        text.push_str("        &[\n");
        for p in &e.params {
            text.push_str(&format!("            {},\n", params::meta(p, 12)));
        }
        text.push_str("        ],\n");
    }
    text.push_str("    )");
    match e.response.job {
        None => {}
        Some(JobType::Daemon) => text.push_str("\n    .starts_job(crate::JobType::Daemon)"),
        Some(JobType::Scheduler) => {
            text.push_str("\n    .starts_job(crate::JobType::Scheduler)");
        }
    }
    if e.effect != crate::model::default_effect(e.method, "", false) {
        text.push_str(&format!(
            "\n    .effect(crate::Effect::{})",
            match e.effect {
                crate::model::Effect::Read => "Read",
                crate::model::Effect::Write => "Write",
                crate::model::Effect::Destructive => "Destructive",
            }
        ));
    }
    if let Some(paging) = &e.response.paging {
        text.push_str(&format!(
            "\n    .paged(crate::Paging::new({:?}, {:?}))",
            paging.number, paging.size
        ));
    }
    if let Some(shape) = &e.response.shape {
        let form = if e.response.paging.is_some() {
            "Paged"
        } else if e.response.map {
            "Map"
        } else if e.response.list {
            "List"
        } else {
            "One"
        };
        text.push_str(&format!(
            "\n    .returns(crate::Returns::{form}(&crate::shapes::{}::SHAPE))",
            type_ident(shape)
        ));
    }
    if let Some(resource) = &e.resource {
        text.push_str(&super::resources::use_text(resource));
    }
    if let Some(example) = &e.response.example {
        // A raw string's later lines are its content: written as they are.
        text.push_str(&format!(
            "\n    .with_example(\n        {},\n    )",
            raw_string(example)
        ));
    }
    text.push_str(";\n");
    let (form, body) = params::encode_body(&e.params, 8);
    text.push_str(&format!(
        "\n    {INLINE}\n    fn encode(&self, {form}: &mut crate::Form<'_>) {{\n{body}    }}\n}}\n"
    ));
    text
}

pub fn job_type(job: JobType) -> TokenStream {
    match job {
        JobType::Daemon => quote!(crate::JobType::Daemon),
        JobType::Scheduler => quote!(crate::JobType::Scheduler),
    }
}

/// `Paged`: reads and sets the page number through the groups that hold it.
fn paged_impl(e: &Endpoint) -> Option<TokenStream> {
    let paging = e.response.paging.as_ref()?;
    let name = type_ident(&e.type_name);
    let item = match e.response.shape.as_deref() {
        Some(shape) => {
            let shape = type_ident(shape);
            quote!(crate::shapes::#shape)
        }
        None => quote!(::serde_json::Value),
    };
    let mut read = quote!(self);
    let mut write = Vec::new();
    let mut level = &e.params;
    let mut current = quote!(next);
    let (last, groups) = paging.number_fields.split_last()?;
    for (i, field) in groups.iter().enumerate() {
        let p = level.iter().find(|p| &p.field == field)?;
        let group = p.group()?;
        let f = ident(field);
        let var = quote::format_ident!("g{i}");
        let ty = type_ident(&group.type_name);
        if p.required {
            read = quote!(#read.#f);
            write.push(quote!(let #var = &mut #current.#f;));
        } else {
            read = quote!(#read.#f.as_ref()?);
            write.push(quote!(let #var = #current.#f.get_or_insert_with(#ty::new);));
        }
        current = quote!(#var);
        level = &group.members;
    }
    let last = ident(last);
    Some(quote! {
        impl crate::Paged for #name {
            type Item = #item;

            fn page_number(&self) -> Option<i64> {
                #read.#last
            }

            fn with_page_number(&self, number: i64) -> Self {
                let mut next = self.clone();
                #(#write)*
                #current.#last = Some(number);
                next
            }
        }
    })
}

/// `PollJob` for the job endpoint: its ID and type parameters, by spec.
fn poll_impl(e: &Endpoint) -> TokenStream {
    let name = type_ident(&e.type_name);
    let required: Vec<_> = e.params.iter().filter(|p| p.required).collect();
    let id = required
        .iter()
        .find(|p| p.ty == ValueType::Integer)
        .map(|p| p.name.as_str())
        .unwrap_or_default();
    let kind = required
        .iter()
        .find(|p| matches!(p.ty, ValueType::JobType | ValueType::String))
        .map(|p| p.name.as_str())
        .unwrap_or_default();
    let args = required.iter().map(|p| match p.ty {
        ValueType::Integer => quote!(job.id),
        ValueType::String => quote!(job.job_type.as_str()),
        _ => quote!(job.job_type),
    });
    quote! {
        impl crate::PollJob for #name {
            const ID_PARAM: &'static str = #id;
            const TYPE_PARAM: &'static str = #kind;

            fn for_job(job: &crate::Job) -> Option<Self> {
                Some(Self::new(#(#args),*))
            }
        }
    }
}
