//! The response shapes (structs decoded loosely) and the enums of parameters.

use super::{doc_lines, ident, prose, type_ident};
use crate::model::{Enum, Field, FieldType, JobRefForm, Shape, Spec};
use proc_macro2::TokenStream;
use quote::quote;

/// `JobReference` for the shapes that job-starting endpoints return; their
/// form was checked by validation.
fn job_reference(shape: &Shape, spec: &Spec) -> Option<TokenStream> {
    let starts_job = spec
        .endpoints
        .iter()
        .any(|e| e.response.job.is_some() && e.response.shape.as_deref() == Some(&shape.name));
    if !starts_job {
        return None;
    }
    let name = type_ident(&shape.name);
    let all: Vec<&Shape> = spec.shapes.iter().collect();
    let body = match shape.job_reference(&all)? {
        JobRefForm::JobId => quote! {
            fn job_id(&self) -> i64 {
                self.job_id
            }
        },
        JobRefForm::Object { type_field } => {
            let job_type = match type_field {
                None => quote!(None),
                Some(false) => quote!(Some(&self.job.r#type)),
                Some(true) => quote!(self.job.r#type.as_deref()),
            };
            quote! {
                fn job_id(&self) -> i64 {
                    self.job.id
                }
                fn job_type(&self) -> Option<&str> {
                    #job_type
                }
            }
        }
        // Decoding saw to it that one of the two is there.
        JobRefForm::Either { type_field } => {
            let job_type = match type_field {
                None => quote!(None),
                Some(false) => quote!(self.job.as_ref().map(|job| job.r#type.as_str())),
                Some(true) => quote!(self.job.as_ref().and_then(|job| job.r#type.as_deref())),
            };
            quote! {
                fn job_id(&self) -> i64 {
                    match &self.job {
                        Some(job) => job.id,
                        None => self.job_id.unwrap_or_default(),
                    }
                }
                fn job_type(&self) -> Option<&str> {
                    #job_type
                }
            }
        }
    };
    Some(quote! {
        impl crate::JobReference for #name {
            #body
        }
    })
}

/// `JobProgress` for the job endpoint's shape: `state`, and `message` where
/// the shape has one.
fn job_progress(shape: &Shape, spec: &Spec) -> TokenStream {
    let name = type_ident(&shape.name);
    let message = shape.field("message").map(|f| {
        let value = if f.optional {
            quote!(self.message.as_deref())
        } else {
            quote!(Some(&self.message))
        };
        quote! {
            fn message(&self) -> Option<&str> {
                #value
            }
        }
    });
    // The last log entry's text, where the shape has a log of entries with one.
    let last_log = shape
        .field("logs")
        .filter(|f| f.list)
        .and_then(|f| match &f.ty {
            FieldType::Shape(entry) => spec.shape(entry),
            _ => None,
        })
        .and_then(|entry| entry.field("message"))
        .filter(|m| m.ty == FieldType::String && !m.list && !m.map)
        .map(|m| {
            let text = if m.optional {
                quote!(entry.message.as_deref())
            } else {
                quote!(Some(entry.message.as_str()))
            };
            quote! {
                fn last_log(&self) -> Option<&str> {
                    self.logs.last().and_then(|entry| #text)
                }
                fn log_messages(&self) -> Vec<&str> {
                    self.logs.iter().filter_map(|entry| #text).collect()
                }
            }
        });
    quote! {
        impl crate::JobProgress for #name {
            fn state(&self) -> &str {
                &self.state
            }
            #message
            #last_log
        }
    }
}

pub fn enum_type(e: &Enum) -> TokenStream {
    let name = type_ident(&e.name);
    let doc = doc_lines(&[prose(&e.description)]);
    let variants = e.values.iter().map(|(value, variant)| {
        let variant = type_ident(variant);
        let doc = doc_lines(&[format!("`{value}`")]);
        quote! {
            #doc
            #variant,
        }
    });
    let idents: Vec<_> = e.values.iter().map(|(_, v)| type_ident(v)).collect();
    let values: Vec<&str> = e.values.iter().map(|(v, _)| v.as_str()).collect();
    let all_doc = doc_lines(&["Every value, in the documented order.".to_owned()]);
    let values_doc = doc_lines(&["Every value as the API writes it.".to_owned()]);
    let as_str_doc = doc_lines(&["The value as the API writes it.".to_owned()]);
    quote! {
        #doc
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
        }

        impl #name {
            #all_doc
            pub const ALL: &'static [Self] = &[#(Self::#idents),*];
            #values_doc
            pub const VALUES: &'static [&'static str] = &[#(#values),*];

            #as_str_doc
            pub const fn as_str(self) -> &'static str {
                match self {
                    #(Self::#idents => #values,)*
                }
            }
        }

        impl crate::Choice for #name {
            const ALL: &'static [Self] = Self::ALL;
            fn as_str(self) -> &'static str {
                Self::as_str(self)
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::str::FromStr for #name {
            type Err = crate::ChoiceError;
            fn from_str(text: &str) -> Result<Self, Self::Err> {
                crate::parse_choice(text)
            }
        }
    }
}

pub fn shape_type(shape: &Shape, spec: &Spec) -> TokenStream {
    let name = type_ident(&shape.name);
    let doc = doc_lines(&[prose(&shape.description)]);
    let fields = shape.fields.iter().map(|field| {
        let ident = ident(&field.field);
        let ty = field_type(field);
        let mut text = prose(&field.description);
        if field.optional {
            text.push_str(if field.list || field.map {
                "\n\nEmpty when the API leaves it out."
            } else {
                "\n\n`None` when the API leaves it out or sends null."
            });
        }
        let doc = doc_lines(&[text]);
        quote! {
            #doc
            pub #ident: #ty,
        }
    });
    // Each field read by its JSON key with the loose rules of `crate::loose`.
    let reads = shape.fields.iter().map(|field| {
        let ident = ident(&field.field);
        let key = &field.name;
        let wire = match &field.ty {
            FieldType::String => quote!(crate::loose::Text),
            FieldType::Integer => quote!(crate::loose::Integer),
            FieldType::Boolean => quote!(crate::loose::Boolean),
            FieldType::Number => quote!(crate::loose::Number),
            FieldType::Json => quote!(crate::loose::Json),
            FieldType::Shape(s) => {
                let s = type_ident(s);
                quote!(crate::loose::Nested<crate::shapes::#s>)
            }
        };
        let read = match (field.list, field.map, field.optional) {
            (false, false, false) => quote!(required),
            (false, false, true) => quote!(optional),
            (true, _, false) => quote!(list),
            (true, _, true) => quote!(optional_list),
            (false, true, false) => quote!(map),
            (false, true, true) => quote!(optional_map),
        };
        quote!(#ident: object.#read::<#wire>(#key)?,)
    });
    let extra = quote::format_ident!("{}", crate::validate::EXTRA_FIELD);
    // A response that names its job in either form must hold one of them.
    let all: Vec<&Shape> = spec.shapes.iter().collect();
    let check = matches!(shape.job_reference(&all), Some(JobRefForm::Either { .. })).then(|| {
        quote! {
            if value.job.is_none() && value.job_id.is_none() {
                return Err(::serde::de::Error::missing_field("job"));
            }
        }
    });
    let info = shape_info(shape);
    let info_doc = doc_lines(&[format!(
        "The fields of `{}` as data: JSON keys, types, descriptions.",
        shape.name
    )]);
    let extra_doc = doc_lines(&[
        "The fields the API sent that this shape does not declare, as JSON: a field the \
         spec has not caught up with is still here."
            .to_owned(),
    ]);
    let reference = job_reference(shape, spec);
    let progress = spec
        .job_poll()
        .and_then(|poll| poll.response.shape.as_deref())
        .filter(|name| *name == shape.name)
        .map(|_| job_progress(shape, spec));
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
            #extra: crate::loose::Extra,
        }

        impl #name {
            #info_doc
            pub const SHAPE: crate::ShapeInfo = #info;

            #extra_doc
            pub fn extra(&self) -> &crate::loose::Extra {
                &self.#extra
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let mut object = crate::loose::Object::read(deserializer)?;
                let value = Self { #(#reads)* #extra: object.rest() };
                #check
                Ok(value)
            }
        }

        #reference
        #progress
    }
}

fn field_type(field: &Field) -> TokenStream {
    let base = match &field.ty {
        FieldType::String => quote!(String),
        FieldType::Integer => quote!(i64),
        FieldType::Boolean => quote!(bool),
        FieldType::Number => quote!(f64),
        FieldType::Json => quote!(::serde_json::Value),
        FieldType::Shape(s) => {
            let s = type_ident(s);
            quote!(crate::shapes::#s)
        }
    };
    match (field.list, field.map, field.optional) {
        (true, _, _) => quote!(Vec<#base>),
        (false, true, _) => quote!(::std::collections::BTreeMap<String, #base>),
        (false, false, false) => base,
        (false, false, true) => quote!(Option<#base>),
    }
}

/// `ShapeInfo::new(...)`: the shape's fields as data.
fn shape_info(shape: &Shape) -> TokenStream {
    let name = &shape.name;
    let description = prose(&shape.description);
    let fields = shape.fields.iter().map(|field| {
        let key = &field.name;
        let kind = match &field.ty {
            FieldType::String => quote!(crate::FieldKind::String),
            FieldType::Integer => quote!(crate::FieldKind::Integer),
            FieldType::Boolean => quote!(crate::FieldKind::Boolean),
            FieldType::Number => quote!(crate::FieldKind::Number),
            FieldType::Json => quote!(crate::FieldKind::Json),
            FieldType::Shape(s) => {
                let s = type_ident(s);
                quote!(crate::FieldKind::Shape(&crate::shapes::#s::SHAPE))
            }
        };
        let text = prose(&field.description);
        let list = field.list.then(|| quote!(.list()));
        let map = field.map.then(|| quote!(.map()));
        let optional = field.optional.then(|| quote!(.optional()));
        quote!(crate::FieldInfo::new(#key, #kind, #text) #list #map #optional)
    });
    quote!(crate::ShapeInfo::new(#name, #description, &[#(#fields),*]))
}
