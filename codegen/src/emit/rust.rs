//! Rust names and types: identifiers (keywords escaped), the paths by which
//! a generated file names the runtime and the spec's own items (they differ
//! between the `sitehost` crate and a crate of a user's own), and types built
//! as syntax and written as rustfmt writes them.

use proc_macro2::{Ident, Span};
use quote::format_ident;

/// A Rust identifier for a snake-case name, escaping keywords.
pub fn ident(name: &str) -> Ident {
    match name {
        "crate" | "self" | "super" | "Self" | "_" => format_ident!("{}_", name),
        _ if is_keyword(name) => Ident::new_raw(name, Span::call_site()),
        _ => Ident::new(name, Span::call_site()),
    }
}

/// The identifier as a person writes it in code (`r#type`).
pub fn ident_text(name: &str) -> String {
    ident(name).to_string()
}

/// A type's identifier (`Self` cannot name a type).
pub fn type_ident(name: &str) -> Ident {
    if name == "Self" {
        format_ident!("Self_")
    } else {
        Ident::new(name, Span::call_site())
    }
}

fn is_keyword(name: &str) -> bool {
    matches!(
        name,
        "as" | "break"
            | "const"
            | "continue"
            | "else"
            | "enum"
            | "extern"
            | "false"
            | "fn"
            | "for"
            | "if"
            | "impl"
            | "in"
            | "let"
            | "loop"
            | "match"
            | "mod"
            | "move"
            | "mut"
            | "pub"
            | "ref"
            | "return"
            | "static"
            | "struct"
            | "trait"
            | "true"
            | "type"
            | "unsafe"
            | "use"
            | "where"
            | "while"
            | "async"
            | "await"
            | "dyn"
            | "abstract"
            | "become"
            | "box"
            | "do"
            | "final"
            | "macro"
            | "override"
            | "priv"
            | "typeof"
            | "unsized"
            | "virtual"
            | "yield"
            | "try"
            | "gen"
    )
}

/// What the files are generated for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// The `sitehost` crate itself (its `sitehost-types` package).
    Crate,
    /// A user's crate, on top of the `sitehost` crate.
    Extension,
}

/// How one generated file names things: the target, and how deep the file's
/// module is below the root of the generated modules (an extension names
/// its own items relative to the file, so that the user may include them in
/// any module).
#[derive(Debug, Clone, Copy)]
pub struct Paths {
    /// Whom the file is for.
    pub target: Target,
    /// Modules between the file's module and the root of the generated ones
    /// (`api/cloud/stack.rs` is 3 below: `api::cloud::stack`).
    pub depth: usize,
}

impl Paths {
    /// The paths of a file at `depth` for `target`.
    pub fn new(target: Target, depth: usize) -> Paths {
        Paths { target, depth }
    }

    /// An item of the runtime (`Request`, `loose::Text`) as code names it.
    pub fn rt(&self, item: &str) -> String {
        match self.target {
            Target::Crate => format!("crate::{item}"),
            Target::Extension => format!("::sitehost::{item}"),
        }
    }

    /// An item of the runtime as a doc link names it.
    pub fn rt_doc(&self, item: &str) -> String {
        match self.target {
            Target::Crate => format!("crate::{item}"),
            Target::Extension => format!("sitehost::{item}"),
        }
    }

    /// An item of the generated modules (`shapes::JobRef`, `api::job::Get`):
    /// the crate's own, or, in an extension, its own (relative to the file)
    /// when `own`, else the `sitehost` crate's.
    pub fn item(&self, item: &str, own: bool) -> String {
        match (self.target, own) {
            (Target::Crate, _) => format!("crate::{item}"),
            (Target::Extension, false) => format!("::sitehost::{item}"),
            (Target::Extension, true) => format!("{}{item}", self.up()),
        }
    }

    /// As [`item`](Self::item), for a doc link.
    pub fn item_doc(&self, item: &str, own: bool) -> String {
        match (self.target, own) {
            (Target::Extension, false) => format!("sitehost::{item}"),
            _ => self.item(item, own),
        }
    }

    /// `super::` as many times as the file is deep (`self::` at the root).
    fn up(&self) -> String {
        if self.depth == 0 {
            "self::".to_owned()
        } else {
            "super::".repeat(self.depth)
        }
    }

    /// serde, as the generated code reaches it (an extension through the
    /// `sitehost` crate, so that it need not depend on serde itself).
    pub fn serde(&self) -> &'static str {
        match self.target {
            Target::Crate => "::serde",
            Target::Extension => "::sitehost::__private::serde",
        }
    }

    /// serde_json, as the generated code reaches it.
    pub fn serde_json(&self) -> &'static str {
        match self.target {
            Target::Crate => "::serde_json",
            Target::Extension => "::sitehost::__private::serde_json",
        }
    }

    /// The `sitehost` crate's name in doc examples and links to the client.
    /// An item of the `sitehost` crate's client (`Client::send`) in docs:
    /// a link from an extension, which depends on it; plain code from
    /// `sitehost-types`, which the client depends on.
    pub fn client_item(&self, item: &str) -> String {
        match self.target {
            Target::Crate => format!("`{item}`"),
            Target::Extension => format!("[`{item}`](sitehost::{item})"),
        }
    }
}

/// A Rust type, built as syntax (paths checked to be paths) and written as
/// rustfmt writes it.
pub struct Ty(syn::Type);

impl Ty {
    /// The type a path names (`String`, `crate::shapes::JobRef`,
    /// `::serde_json::Value`).
    ///
    /// # Errors
    ///
    /// Text that is not a path of identifiers: a generator's mistake,
    /// reported as a code generation error rather than written out.
    pub fn path(text: &str) -> Result<Ty, String> {
        Ty::generic(text, Vec::new())
    }

    /// `head<args>` (a path alone without arguments).
    ///
    /// # Errors
    ///
    /// As [`path`](Self::path).
    pub fn generic(head: &str, args: Vec<Ty>) -> Result<Ty, String> {
        let args = args.into_iter().map(|t| syn::GenericArgument::Type(t.0));
        Ok(Ty(syn::Type::Path(syn::TypePath {
            attrs: Vec::new(),
            qself: None,
            path: path(head, args.collect())?,
        })))
    }

    /// `(a, b, …)`; `()` for none.
    pub fn tuple(elems: Vec<Ty>) -> Ty {
        Ty(syn::Type::Tuple(syn::TypeTuple {
            attrs: Vec::new(),
            paren_token: Default::default(),
            elems: elems.into_iter().map(|t| t.0).collect(),
        }))
    }

    /// `impl Into<ty>`.
    pub fn impl_into(ty: Ty) -> Ty {
        impl_trait("Into", syn::GenericArgument::Type(ty.0))
    }

    /// `impl IntoIterator<Item = item>`.
    pub fn impl_iter(item: Ty) -> Ty {
        let item = syn::AssocType {
            ident: Ident::new("Item", Span::call_site()),
            generics: None,
            eq_token: Default::default(),
            ty: item.0,
        };
        impl_trait("IntoIterator", syn::GenericArgument::AssocType(item))
    }

    /// The type as rustfmt writes it.
    ///
    /// # Errors
    ///
    /// A kind of type the generator does not write (a function pointer, a
    /// trait object): a generator's mistake.
    pub fn text(&self) -> Result<String, String> {
        let mut out = String::new();
        write_type(&self.0, &mut out)?;
        Ok(out)
    }

    /// The type as an expression to lay out, for a type too long for its
    /// line (its generic arguments and tuples break as rustfmt breaks them).
    ///
    /// # Errors
    ///
    /// As [`text`](Self::text).
    pub fn layout(&self) -> Result<super::layout::Expr, String> {
        type_expr(&self.0)
    }
}

/// A path of identifiers (`::` between them, maybe before the first), its
/// last segment with `args` when there are any.
fn path(text: &str, args: Vec<syn::GenericArgument>) -> Result<syn::Path, String> {
    let (leading_colon, rest) = match text.strip_prefix("::") {
        Some(rest) => (Some(Default::default()), rest),
        None => (None, text),
    };
    let mut segments = syn::punctuated::Punctuated::new();
    for segment in rest.split("::") {
        if !is_identifier(segment) {
            return Err(format!("internal error: `{text}` is not a Rust path"));
        }
        segments.push(syn::PathSegment::from(Ident::new(
            segment,
            Span::call_site(),
        )));
    }
    if let Some(last) = segments.last_mut()
        && !args.is_empty()
    {
        last.arguments = syn::PathArguments::AngleBracketed(syn::AngleBracketedGenericArguments {
            colon2_token: None,
            lt_token: Default::default(),
            args: args.into_iter().collect(),
            gt_token: Default::default(),
        });
    }
    Ok(syn::Path {
        leading_colon,
        segments,
    })
}

/// An identifier that is not raw: a letter or `_`, then letters, digits
/// and `_` (ASCII; the generator names nothing else), not `_` alone.
fn is_identifier(text: &str) -> bool {
    let mut chars = text.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        && text != "_"
}

/// `impl Trait<arg>` of a trait in the prelude.
fn impl_trait(name: &str, arg: syn::GenericArgument) -> Ty {
    let mut segment = syn::PathSegment::from(Ident::new(name, Span::call_site()));
    segment.arguments = syn::PathArguments::AngleBracketed(syn::AngleBracketedGenericArguments {
        colon2_token: None,
        lt_token: Default::default(),
        args: std::iter::once(arg).collect(),
        gt_token: Default::default(),
    });
    let bound = syn::TraitBound {
        paren_token: None,
        lifetimes: None,
        modifiers: Default::default(),
        maybe: None,
        path: syn::Path {
            leading_colon: None,
            segments: std::iter::once(segment).collect(),
        },
    };
    Ty(syn::Type::ImplTrait(syn::TypeImplTrait {
        attrs: Vec::new(),
        impl_token: Default::default(),
        bounds: std::iter::once(syn::TypeParamBound::Trait(bound)).collect(),
    }))
}

fn write_type(ty: &syn::Type, out: &mut String) -> Result<(), String> {
    match ty {
        syn::Type::Path(p) if p.qself.is_none() => write_path(&p.path, out),
        syn::Type::Tuple(t) => {
            out.push('(');
            for (i, elem) in t.elems.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_type(elem, out)?;
            }
            out.push(')');
            Ok(())
        }
        syn::Type::Reference(r) => {
            out.push('&');
            if let Some(lifetime) = &r.lifetime {
                out.push_str(&format!("'{} ", lifetime.ident));
            }
            if r.mutability.is_some() {
                out.push_str("mut ");
            }
            write_type(&r.elem, out)
        }
        syn::Type::Slice(s) => {
            out.push('[');
            write_type(&s.elem, out)?;
            out.push(']');
            Ok(())
        }
        syn::Type::ImplTrait(t) => {
            out.push_str("impl ");
            for (i, bound) in t.bounds.iter().enumerate() {
                if i > 0 {
                    out.push_str(" + ");
                }
                match bound {
                    syn::TypeParamBound::Trait(bound) => write_path(&bound.path, out)?,
                    _ => return Err("internal error: a type with a bound of its own".to_owned()),
                }
            }
            Ok(())
        }
        syn::Type::Paren(p) => write_type(&p.elem, out),
        _ => Err("internal error: a kind of type the generator does not write".to_owned()),
    }
}

fn type_expr(ty: &syn::Type) -> Result<super::layout::Expr, String> {
    use super::layout::Expr;
    match ty {
        syn::Type::Path(p) if p.qself.is_none() => path_expr(&p.path),
        syn::Type::Tuple(t) => Ok(Expr::Tuple(
            t.elems.iter().map(type_expr).collect::<Result<_, _>>()?,
        )),
        syn::Type::ImplTrait(t) if t.bounds.len() == 1 => match &t.bounds[0] {
            syn::TypeParamBound::Trait(bound) => Ok(Expr::Prefix(
                "impl ".to_owned(),
                Box::new(path_expr(&bound.path)?),
            )),
            _ => Err("internal error: a type with a bound of its own".to_owned()),
        },
        other => {
            let mut text = String::new();
            write_type(other, &mut text)?;
            Ok(Expr::text(text))
        }
    }
}

fn path_expr(path: &syn::Path) -> Result<super::layout::Expr, String> {
    use super::layout::Expr;
    let Some(last) = path.segments.last() else {
        return Err("internal error: an empty path".to_owned());
    };
    let syn::PathArguments::AngleBracketed(args) = &last.arguments else {
        let mut text = String::new();
        write_path(path, &mut text)?;
        return Ok(Expr::text(text));
    };
    let mut head = String::new();
    if path.leading_colon.is_some() {
        head.push_str("::");
    }
    for (i, segment) in path.segments.iter().enumerate() {
        if i > 0 {
            head.push_str("::");
        }
        head.push_str(&segment.ident.to_string());
    }
    let args = args
        .args
        .iter()
        .map(|arg| match arg {
            syn::GenericArgument::Type(ty) => type_expr(ty),
            syn::GenericArgument::AssocType(assoc) => Ok(Expr::Prefix(
                format!("{} = ", assoc.ident),
                Box::new(type_expr(&assoc.ty)?),
            )),
            _ => Err("internal error: a generic argument the generator does not write".to_owned()),
        })
        .collect::<Result<_, _>>()?;
    Ok(Expr::Generic { head, args })
}

fn write_path(path: &syn::Path, out: &mut String) -> Result<(), String> {
    if path.leading_colon.is_some() {
        out.push_str("::");
    }
    for (i, segment) in path.segments.iter().enumerate() {
        if i > 0 {
            out.push_str("::");
        }
        out.push_str(&segment.ident.to_string());
        match &segment.arguments {
            syn::PathArguments::None => {}
            syn::PathArguments::AngleBracketed(args) => {
                out.push('<');
                for (j, arg) in args.args.iter().enumerate() {
                    if j > 0 {
                        out.push_str(", ");
                    }
                    match arg {
                        syn::GenericArgument::Type(ty) => write_type(ty, out)?,
                        syn::GenericArgument::AssocType(assoc) => {
                            out.push_str(&assoc.ident.to_string());
                            out.push_str(" = ");
                            write_type(&assoc.ty, out)?;
                        }
                        syn::GenericArgument::Lifetime(l) => out.push_str(&format!("'{}", l.ident)),
                        _ => {
                            return Err(
                                "internal error: a generic argument the generator does not write"
                                    .to_owned(),
                            );
                        }
                    }
                }
                out.push('>');
            }
            syn::PathArguments::Parenthesized(_) => {
                return Err("internal error: a function trait in a type".to_owned());
            }
        }
    }
    Ok(())
}

/// Escapes prose from the spec for Markdown: brackets would read as links,
/// pipes would break tables, angle brackets would read as HTML.
pub fn prose(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '[' | ']' | '|' | '<' | '>' | '*' => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

/// A Rust string literal of `text`, on one line: raw (`r#"…"#`) where it
/// holds quotes or backslashes (JSON), which keeps it readable; escaped
/// where it holds line breaks.
pub fn string_literal(text: &str) -> String {
    if text.contains('\n') || !text.contains(['"', '\\']) {
        return format!("{text:?}");
    }
    let mut hashes = String::from("#");
    while text.contains(&format!("\"{hashes}")) {
        hashes.push('#');
    }
    format!("r{hashes}\"{text}\"{hashes}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_are_written_as_rustfmt_writes_them() {
        let inner = Ty::path("crate::shapes::JobRef").unwrap();
        let string = || Ty::path("String").unwrap();
        let ty = Ty::generic("Vec", vec![Ty::tuple(vec![string(), inner])]).unwrap();
        assert_eq!(ty.text().unwrap(), "Vec<(String, crate::shapes::JobRef)>");
        let arg = Ty::impl_iter(Ty::impl_into(string()));
        assert_eq!(
            arg.text().unwrap(),
            "impl IntoIterator<Item = impl Into<String>>"
        );
        assert_eq!(
            Ty::path("::serde_json::Value").unwrap().text().unwrap(),
            "::serde_json::Value"
        );
        assert_eq!(Ty::tuple(Vec::new()).text().unwrap(), "()");
        for wrong in ["not a type", "", "crate::", "a::1b", "_", "Vec<u8>"] {
            assert!(Ty::path(wrong).is_err(), "{wrong:?}");
        }
    }

    #[test]
    fn an_extension_names_its_own_items_from_where_it_stands() {
        let paths = Paths::new(Target::Extension, 2);
        assert_eq!(
            paths.item("shapes::Record", true),
            "super::super::shapes::Record"
        );
        assert_eq!(
            paths.item("shapes::JobRef", false),
            "::sitehost::shapes::JobRef"
        );
        assert_eq!(paths.rt("Request"), "::sitehost::Request");
        let own = Paths::new(Target::Crate, 2);
        assert_eq!(own.item("shapes::Record", true), "crate::shapes::Record");
    }
}
