//! One request type per endpoint: the struct, its constructor and setters,
//! its `Request` implementation, its groups, and the traits that jobs and
//! paging need.

use super::params::{self, Members};
use super::{doc_lines, docs, ident, output_type, raw_string, type_ident};
use crate::model::{Endpoint, JobType, Method, Spec, ValueType};
use proc_macro2::TokenStream;
use quote::quote;

pub fn request_type(e: &Endpoint, spec: &Spec) -> TokenStream {
    let name = type_ident(&e.type_name);
    let doc = doc_lines(&docs::request_doc(e));
    let Members {
        fields,
        new_args,
        inits,
        setters,
        encode,
        meta,
    } = params::members(&e.params, "");
    let groups = params::groups(&e.params, "", &format!("[`{}`]", e.type_name));

    let required: Vec<String> = e
        .params
        .iter()
        .filter(|p| p.required)
        .map(|p| format!("`{}`", p.name))
        .collect();
    let new_doc = doc_lines(&[if required.is_empty() {
        "Creates the request; set optional parameters with the setters.".to_owned()
    } else {
        format!(
            "Creates the request from its required parameters ({}), in the order the API \
             lists them.",
            required.join(", ")
        )
    }]);

    let method = match e.method {
        Method::Get => quote!(crate::Method::Get),
        Method::Post => quote!(crate::Method::Post),
    };
    let version = &e.version;
    let path = &e.path;
    let example = match &e.response.example {
        Some(example) => {
            let example = raw_string(example);
            quote!(Some(#example))
        }
        None => quote!(None),
    };
    let job = match e.response.job {
        None => quote!(None),
        Some(job) => {
            let job = job_type(job);
            quote!(Some(#job))
        }
    };
    let paging = match &e.response.paging {
        None => quote!(None),
        Some(paging) => {
            let (number, size) = (&paging.number, &paging.size);
            quote!(Some(crate::Paging { number: #number, size: #size }))
        }
    };
    let output = output_type(e);
    let form_arg = if e.params.is_empty() {
        quote!(_form)
    } else {
        quote!(form)
    };
    let starts_job = e.response.job.map(|job| {
        let job = job_type(job);
        quote! {
            impl crate::StartsJob for #name {
                const JOB_TYPE: crate::JobType = #job;
            }
        }
    });
    let paged = paged_impl(e);
    let allow = params::many_args(new_args.len());
    let poll = spec
        .job_poll()
        .filter(|poll| poll.path == e.path)
        .map(|_| poll_impl(e));

    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, Eq)]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
        }

        impl #name {
            #new_doc
            #allow
            pub fn new(#(#new_args),*) -> Self {
                Self { #(#inits),* }
            }

            #(#setters)*
        }

        impl crate::Request for #name {
            type Output = #output;

            const ENDPOINT: &'static crate::Endpoint = &crate::Endpoint {
                method: #method,
                version: #version,
                path: #path,
                params: &[#(#meta),*],
                job: #job,
                paging: #paging,
                example: #example,
            };

            fn encode(&self, #form_arg: &mut crate::Form<'_>) {
                #(#encode)*
            }
        }

        #starts_job
        #paged
        #poll
        #(#groups)*
    }
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

            fn for_job(job: &crate::Job) -> Self {
                Self::new(#(#args),*)
            }
        }
    }
}
