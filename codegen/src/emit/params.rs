//! What a parameter becomes in Rust, the same for an endpoint's parameters
//! and a group's members: a field, a constructor argument or a setter, a line
//! of encoding, and its runtime metadata. Groups become structs here too.

use super::{doc_lines, ident, prose, type_ident};
use crate::model::{Example, Group, ListEncoding, Param, ValueType};
use proc_macro2::TokenStream;
use quote::quote;

/// The Rust type of one value (of a scalar, or one item of a list or map).
pub fn base_type(p: &Param) -> TokenStream {
    match &p.ty {
        ValueType::String => quote!(String),
        ValueType::Integer => quote!(i64),
        ValueType::Boolean => quote!(bool),
        ValueType::JobType => quote!(crate::JobType),
        ValueType::Enum(name) => {
            let name = type_ident(name);
            quote!(crate::enums::#name)
        }
        ValueType::Group(group) => {
            let name = type_ident(&group.type_name);
            quote!(#name)
        }
    }
}

/// The field's type.
pub fn field_type(p: &Param) -> TokenStream {
    let base = base_type(p);
    match (p.map.is_some(), p.list.is_some(), p.or_auto) {
        (true, true, _) => quote!(Vec<(String, Vec<#base>)>),
        (true, false, _) => quote!(Vec<(String, #base)>),
        (false, true, true) => quote!(Option<crate::OrAuto<#base>>),
        (false, true, false) => quote!(Vec<#base>),
        (false, false, _) if p.required => base,
        (false, false, _) => quote!(Option<#base>),
    }
}

fn is_text(p: &Param) -> bool {
    matches!(p.ty, ValueType::String)
}

/// The type a constructor or setter takes.
fn arg_type(p: &Param) -> TokenStream {
    let base = base_type(p);
    let item = if is_text(p) {
        quote!(impl Into<String>)
    } else {
        base.clone()
    };
    match (p.map.is_some(), p.list.is_some(), p.or_auto) {
        (true, true, _) => {
            quote!(impl IntoIterator<Item = (impl Into<String>, impl IntoIterator<Item = #item>)>)
        }
        (true, false, _) => quote!(impl IntoIterator<Item = (impl Into<String>, #item)>),
        (false, true, true) => quote!(crate::OrAuto<#base>),
        (false, true, false) => quote!(impl IntoIterator<Item = #item>),
        (false, false, _) => item,
    }
}

/// The field's value from the argument `arg` (without `Some`).
fn convert(p: &Param, arg: &TokenStream) -> TokenStream {
    let item = |x: TokenStream| {
        if is_text(p) { quote!(#x.into()) } else { x }
    };
    match (p.map.is_some(), p.list.is_some(), p.or_auto) {
        (true, true, _) => {
            let v = item(quote!(v));
            quote!(#arg.into_iter().map(|(k, vs)| (k.into(), vs.into_iter().map(|v| #v).collect())).collect())
        }
        (true, false, _) => {
            let v = item(quote!(v));
            quote!(#arg.into_iter().map(|(k, v)| (k.into(), #v)).collect())
        }
        (false, true, true) => arg.clone(),
        (false, true, false) if is_text(p) => quote!(#arg.into_iter().map(Into::into).collect()),
        (false, true, false) => quote!(#arg.into_iter().collect()),
        (false, false, _) => item(arg.clone()),
    }
}

/// Whether an unset optional parameter is `None` (else an empty list or map).
fn optional_is_option(p: &Param) -> bool {
    p.map.is_none() && (p.list.is_none() || p.or_auto)
}

/// The wire template of a parameter under `prefix`: `params[Phone][Country]`,
/// `nameservers[0][name]`, `environments[<file name>]`.
pub fn wire_template(prefix: &str, p: &Param) -> String {
    let mut name = if prefix.is_empty() {
        p.name.clone()
    } else {
        format!("{prefix}[{}]", p.name)
    };
    if let Some(keys) = &p.map {
        name.push_str(&format!("[<{keys}>]"));
    }
    match p.list {
        Some(ListEncoding::Indexed) => name.push_str("[0]"),
        Some(ListEncoding::Brackets) => name.push_str("[]"),
        None => {}
    }
    name
}

/// Method names of std traits that clippy asks to implement instead.
const TRAIT_METHODS: &[&str] = &[
    "add",
    "sub",
    "mul",
    "div",
    "rem",
    "neg",
    "not",
    "shl",
    "shr",
    "next",
    "eq",
    "cmp",
    "hash",
    "deref",
    "drop",
    "index",
    "borrow",
    "clone",
    "default",
    "from_str",
    "from_iter",
    "into_iter",
    "as_ref",
    "as_mut",
    "bitand",
    "bitor",
    "bitxor",
];

/// `#[allow]` for a constructor that takes more arguments than clippy likes:
/// the API's own list of required parameters.
pub fn many_args(count: usize) -> Option<TokenStream> {
    (count > 7).then(|| quote!(#[allow(clippy::too_many_arguments)]))
}

/// The struct fields, constructor and setters for `params` (of a request or
/// a group), documented from the spec. `prefix` is the wire name of the
/// group, empty for a request.
pub struct Members {
    pub fields: Vec<TokenStream>,
    pub new_args: Vec<TokenStream>,
    pub inits: Vec<TokenStream>,
    pub setters: Vec<TokenStream>,
    pub encode: Vec<TokenStream>,
    pub meta: Vec<TokenStream>,
}

pub fn members(params: &[Param], prefix: &str) -> Members {
    let mut m = Members {
        fields: Vec::new(),
        new_args: Vec::new(),
        inits: Vec::new(),
        setters: Vec::new(),
        encode: Vec::new(),
        meta: Vec::new(),
    };
    for p in params {
        let field = ident(&p.field);
        let ty = field_type(p);
        let wire = wire_template(prefix, p);
        let mut text = prose(&p.description);
        text.push_str(&format!(
            "\n\nSent as `{wire}`{}.",
            if p.required { "" } else { "; optional" }
        ));
        if let Some(keys) = &p.map {
            text.push_str(&format!(
                " The keys are {}, in the order given.",
                prose(keys)
            ));
        }
        if p.or_auto {
            text.push_str(" [`OrAuto::Auto`](crate::OrAuto::Auto) sends the single value `auto`.");
        }
        let doc = doc_lines(&[text]);
        m.fields.push(quote! {
            #doc
            pub #field: #ty,
        });

        let arg = arg_type(p);
        let value = convert(p, &quote!(#field));
        if p.required {
            m.new_args.push(quote!(#field: #arg));
            if p.or_auto {
                m.inits.push(quote!(#field: Some(#value)));
            } else if field == value.to_string() {
                m.inits.push(quote!(#field));
            } else {
                m.inits.push(quote!(#field: #value));
            }
        } else {
            let set = if optional_is_option(p) {
                m.inits.push(quote!(#field: None));
                quote!(Some(#value))
            } else {
                m.inits.push(quote!(#field: Vec::new()));
                value
            };
            let doc = doc_lines(&[format!("Sets `{wire}`: {}", prose(&p.description))]);
            // The setter is named after the API's parameter, not an operator.
            let allow = TRAIT_METHODS
                .contains(&p.field.as_str())
                .then(|| quote!(#[allow(clippy::should_implement_trait)]));
            m.setters.push(quote! {
                #doc
                #allow
                #[must_use]
                pub fn #field(mut self, #field: #arg) -> Self {
                    self.#field = #set;
                    self
                }
            });
        }

        m.encode.push(encode(p));
        m.meta.push(meta(p));
    }
    m
}

fn encoding(encoding: ListEncoding) -> TokenStream {
    match encoding {
        ListEncoding::Indexed => quote!(crate::ListEncoding::Indexed),
        ListEncoding::Brackets => quote!(crate::ListEncoding::Brackets),
    }
}

/// The line of `encode` (or `write_field`) that writes the parameter.
fn encode(p: &Param) -> TokenStream {
    let name = &p.name;
    let field = ident(&p.field);
    let required = p.required;
    let group = p.group().is_some();
    match (p.map.is_some(), p.list, p.or_auto) {
        (true, Some(list), _) => {
            let list = encoding(list);
            quote!(form.map_list(#name, #list, #required, &self.#field);)
        }
        (true, None, _) => quote!(form.map(#name, #required, &self.#field);),
        (false, Some(list), true) => {
            let list = encoding(list);
            quote!(form.or_auto(#name, #list, #required, self.#field.as_ref());)
        }
        (false, Some(list), false) if group => {
            let list = encoding(list);
            quote!(form.group_list(#name, #list, #required, &self.#field);)
        }
        (false, Some(list), false) => {
            let list = encoding(list);
            quote!(form.list(#name, #list, #required, &self.#field);)
        }
        (false, None, _) if group && required => quote!(form.group(#name, &self.#field);),
        (false, None, _) if group => quote!(form.optional_group(#name, self.#field.as_ref());),
        (false, None, _) if required => quote!(form.required(#name, &self.#field);),
        (false, None, _) => quote!(form.optional(#name, self.#field.as_ref());),
    }
}

/// The runtime metadata of a parameter (`crate::Param`).
pub fn meta(p: &Param) -> TokenStream {
    let name = &p.name;
    let kind = match &p.ty {
        ValueType::String => quote!(crate::ParamKind::String),
        ValueType::Integer => quote!(crate::ParamKind::Integer),
        ValueType::Boolean => quote!(crate::ParamKind::Boolean),
        ValueType::JobType => quote!(crate::ParamKind::Choice(&["daemon", "scheduler"])),
        ValueType::Enum(_) => {
            let base = base_type(p);
            quote!(crate::ParamKind::Choice(#base::VALUES))
        }
        ValueType::Group(group) => {
            let members = group.members.iter().map(meta);
            quote!(crate::ParamKind::Group(&[#(#members),*]))
        }
    };
    let constructor = if p.required {
        quote!(required)
    } else {
        quote!(optional)
    };
    let map = p.map.as_ref().map(|_| quote!(.map()));
    let list = p.list.map(|e| {
        let e = encoding(e);
        quote!(.list(#e))
    });
    let auto = p.or_auto.then(|| quote!(.or_auto()));
    quote!(crate::Param::#constructor(#name, #kind) #map #list #auto)
}

/// The structs of every group in `params`, depth first.
pub fn groups(params: &[Param], prefix: &str, owner_doc: &str) -> Vec<TokenStream> {
    let mut out = Vec::new();
    for p in params {
        if let Some(group) = p.group() {
            let wire = wire_template(prefix, p);
            out.push(group_type(group, &wire, p, owner_doc));
            out.extend(groups(&group.members, &wire, owner_doc));
        }
    }
    out
}

fn group_type(group: &Group, wire: &str, p: &Param, owner_doc: &str) -> TokenStream {
    let name = type_ident(&group.type_name);
    let m = members(&group.members, wire);
    let doc = doc_lines(&[
        format!(
            "The `{wire}` group of {owner_doc}: {}",
            prose(&p.description)
        ),
        String::new(),
        "Its members are sent in the order of its fields, each only when set.".to_owned(),
    ]);
    let required: Vec<String> = group
        .members
        .iter()
        .filter(|m| m.required)
        .map(|m| format!("`{}`", m.name))
        .collect();
    let new_doc = doc_lines(&[if required.is_empty() {
        "Creates the group; set its members with the setters.".to_owned()
    } else {
        format!(
            "Creates the group from its required members ({}).",
            required.join(", ")
        )
    }]);
    let default = required.is_empty().then(|| quote!(#[derive(Default)]));
    let Members {
        fields,
        new_args,
        inits,
        setters,
        encode,
        ..
    } = m;
    let form = if encode.is_empty() {
        quote!(_form)
    } else {
        quote!(form)
    };
    let allow = many_args(new_args.len());
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, Eq)]
        #default
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

        impl crate::Field for #name {
            fn write_field(&self, #form: &mut crate::Form<'_>) {
                #(#encode)*
            }
        }
    }
}

/// A Rust expression of the parameter's example, for doc examples: `None`
/// for an optional parameter without one.
pub fn example_expr(p: &Param, krate: &str) -> Option<String> {
    let scalar = |e: &Example| match (e, &p.ty) {
        (Example::Text(s), ValueType::Enum(name)) => {
            format!("{krate}::enums::{name}::{}", variant_of(s))
        }
        (Example::Text(s), ValueType::JobType) => {
            format!("{krate}::JobType::{}", variant_of(s))
        }
        (Example::Text(s), _) => format!("{s:?}"),
        (Example::Integer(n), _) => n.to_string(),
        (Example::Boolean(b), _) => b.to_string(),
    };
    let placeholder = || match &p.ty {
        ValueType::Integer => "0".to_owned(),
        ValueType::Boolean => "false".to_owned(),
        ValueType::JobType => format!("{krate}::JobType::Scheduler"),
        ValueType::Enum(name) => format!("{krate}::enums::{name}::ALL[0]"),
        _ => "\"…\"".to_owned(),
    };
    if let Some(group) = p.group() {
        let args: Vec<String> = group
            .members
            .iter()
            .filter(|m| m.required)
            .map(|m| example_expr(m, krate).unwrap_or_default())
            .collect();
        let mut expr = format!("{}::new({})", group.type_name, args.join(", "));
        let mut any = !args.is_empty();
        for m in group.members.iter().filter(|m| !m.required) {
            if let Some(value) = example_expr(m, krate) {
                expr.push_str(&format!(".{}({value})", super::ident_text(&m.field)));
                any = true;
            }
        }
        let expr = if p.list.is_some() {
            format!("[{expr}]")
        } else {
            expr
        };
        let expr = if p.map.is_some() {
            format!("[(\"key\", {expr})]")
        } else {
            expr
        };
        return (any || p.required).then_some(expr);
    }
    if p.map.is_some() {
        if p.example_map.is_empty() {
            return p
                .required
                .then(|| format!("[(\"key\", {})]", list_or_one(p, vec![placeholder()])));
        }
        let entries: Vec<String> = p
            .example_map
            .iter()
            .map(|(k, v)| {
                let values = v.iter().map(scalar).collect();
                format!("({k:?}, {})", list_or_one(p, values))
            })
            .collect();
        return Some(format!("[{}]", entries.join(", ")));
    }
    let values: Vec<String> = if p.example.is_empty() {
        if !p.required {
            return None;
        }
        vec![placeholder()]
    } else {
        p.example.iter().map(scalar).collect()
    };
    if p.or_auto {
        return Some(if values.len() == 1 && values[0] == "\"auto\"" {
            format!("{krate}::OrAuto::Auto")
        } else {
            format!("{krate}::OrAuto::list([{}])", values.join(", "))
        });
    }
    Some(list_or_one(p, values))
}

fn list_or_one(p: &Param, values: Vec<String>) -> String {
    if p.list.is_some() {
        format!("[{}]", values.join(", "))
    } else {
        values.into_iter().next().unwrap_or_default()
    }
}

/// The Rust variant of an enum value (`power_on` is `PowerOn`).
pub fn variant_of(value: &str) -> String {
    crate::model::snake_case(&value.to_ascii_lowercase())
        .map(|s| crate::model::pascal_case(&s))
        .unwrap_or_default()
}
