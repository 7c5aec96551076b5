//! What a parameter becomes in Rust, the same for an endpoint's parameters
//! and a group's members: a field, a constructor argument or a setter, and a
//! line of encoding. Groups become structs here too.

use super::code::Code;
use super::layout::Expr;
use super::rust::{Paths, Ty, ident_text, prose, type_ident};
use super::{Emitter, metadata};
use crate::model::{Group, ListEncoding, Param, ValueType};

/// The Rust type of one value (of a scalar, or one item of a list or map).
fn base(p: &Param, emitter: &Emitter<'_>, paths: &Paths) -> Result<Ty, String> {
    match &p.ty {
        ValueType::String => Ty::path("String"),
        ValueType::Integer => Ty::path("i64"),
        ValueType::Boolean => Ty::path("bool"),
        ValueType::JobType => Ty::path(&paths.rt("JobType")),
        ValueType::Enum(name) => Ty::path(&emitter.enum_path(name, paths)),
        ValueType::Group(group) => Ty::path(&type_ident(&group.type_name).to_string()),
    }
}

/// The field's type.
fn field_type(p: &Param, emitter: &Emitter<'_>, paths: &Paths) -> Result<Ty, String> {
    let base = base(p, emitter, paths)?;
    let pairs = |value: Ty| Ty::generic("Vec", vec![Ty::tuple(vec![Ty::path("String")?, value])]);
    match (p.map.is_some(), p.list.is_some(), p.or_auto) {
        (true, true, _) => pairs(Ty::generic("Vec", vec![base])?),
        (true, false, _) => pairs(base),
        (false, true, true) => {
            let or_auto = Ty::generic(&paths.rt("OrAuto"), vec![base])?;
            Ty::generic("Option", vec![or_auto])
        }
        (false, true, false) => Ty::generic("Vec", vec![base]),
        (false, false, _) if p.required => Ok(base),
        (false, false, _) => Ty::generic("Option", vec![base]),
    }
}

fn is_text(p: &Param) -> bool {
    matches!(p.ty, ValueType::String)
}

/// The type a constructor or setter takes.
fn arg_type(p: &Param, emitter: &Emitter<'_>, paths: &Paths) -> Result<Ty, String> {
    let item = || -> Result<Ty, String> {
        if is_text(p) {
            Ok(Ty::impl_into(Ty::path("String")?))
        } else {
            base(p, emitter, paths)
        }
    };
    let key = || Ty::path("String").map(Ty::impl_into);
    Ok(match (p.map.is_some(), p.list.is_some(), p.or_auto) {
        (true, true, _) => Ty::impl_iter(Ty::tuple(vec![key()?, Ty::impl_iter(item()?)])),
        (true, false, _) => Ty::impl_iter(Ty::tuple(vec![key()?, item()?])),
        (false, true, true) => Ty::generic(&paths.rt("OrAuto"), vec![base(p, emitter, paths)?])?,
        (false, true, false) => Ty::impl_iter(item()?),
        (false, false, _) => item()?,
    })
}

/// The field's value from the argument `arg` (without `Some`): the
/// argument itself, `arg.into()`, or a call of the runtime's `args`
/// helpers, which turn an iterator into the field's list or pairs.
fn convert(p: &Param, arg: &str, paths: &Paths) -> Expr {
    let helper = |name: &str| {
        Expr::call(
            paths.rt(&format!("args::{name}")),
            vec![Expr::text(arg.to_owned())],
        )
    };
    match (p.map.is_some(), p.list.is_some(), p.or_auto) {
        (true, true, _) if is_text(p) => helper("text_list_entries"),
        (true, true, _) => helper("list_entries"),
        (true, false, _) if is_text(p) => helper("text_entries"),
        (true, false, _) => helper("entries"),
        (false, true, true) => Expr::text(arg.to_owned()),
        (false, true, false) if is_text(p) => helper("texts"),
        (false, true, false) => helper("values"),
        (false, false, _) if is_text(p) => Expr::text(format!("{arg}.into()")),
        (false, false, _) => Expr::text(arg.to_owned()),
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

/// A struct (a request or a group) with documented fields, and its `impl`
/// with `new` and setters. `prefix` is the group's wire name (empty for a
/// request); `derives` its derived traits; `members`, for a group, its
/// members' metadata, written as the `MEMBERS` const of its `impl`.
pub struct Struct<'a> {
    /// The type's name.
    pub name: &'a str,
    /// The type's docs.
    pub doc: &'a str,
    /// The constructor's docs.
    pub new_doc: &'a str,
    /// The derived traits.
    pub derives: &'a str,
    /// Its parameters or members, in wire order.
    pub params: &'a [Param],
    /// A group's wire name; empty for a request.
    pub prefix: &'a str,
}

impl Struct<'_> {
    /// Writes the struct and its `impl`.
    pub fn write(
        &self,
        code: &mut Code,
        emitter: &Emitter<'_>,
        paths: &Paths,
    ) -> Result<(), String> {
        code.blank();
        code.doc(self.doc);
        code.line(&format!("#[derive({})]", self.derives));
        code.line("#[non_exhaustive]");
        code.open(&format!("pub struct {}", self.name));
        for p in self.params {
            let wire = wire_template(self.prefix, p);
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
                text.push_str(&format!(
                    " [`OrAuto::Auto`]({}) sends the single value `auto`.",
                    paths.rt_doc("OrAuto::Auto")
                ));
            }
            code.doc(&text);
            code.line(&format!(
                "pub {}: {},",
                ident_text(&p.field),
                field_type(p, emitter, paths)?.text()?
            ));
        }
        code.close("");
        code.blank();
        code.open(&format!("impl {}", self.name));
        if !self.prefix.is_empty() {
            code.doc("The members' metadata, in wire order.");
            let members: Vec<Expr> = self
                .params
                .iter()
                .map(|m| metadata::param(m, emitter, paths))
                .collect::<Result<_, _>>()?;
            code.assign(
                &format!("pub const MEMBERS: &'static [{}] =", paths.rt("Param")),
                &Expr::Array(members).by_ref(),
            );
            code.blank();
        }
        self.constructor(code, emitter, paths)?;
        for p in self.params.iter().filter(|p| !p.required) {
            setter(code, p, self.prefix, emitter, paths)?;
        }
        code.close("");
        Ok(())
    }

    fn constructor(
        &self,
        code: &mut Code,
        emitter: &Emitter<'_>,
        paths: &Paths,
    ) -> Result<(), String> {
        let mut args: Vec<(String, String, Option<Expr>)> = Vec::new();
        let mut inits = Vec::new();
        for p in self.params {
            let field = ident_text(&p.field);
            if p.required {
                args.push(arg(p, &field, emitter, paths)?);
                let value = convert(p, &field, paths);
                inits.push(if p.or_auto {
                    (field, Some(Expr::call("Some", vec![value])))
                } else if value == Expr::text(field.clone()) {
                    (field, None)
                } else {
                    (field, Some(value))
                });
            } else if optional_is_option(p) {
                inits.push((field, Some(Expr::text("None"))));
            } else {
                inits.push((field, Some(Expr::text("Vec::new()"))));
            }
        }
        code.doc(self.new_doc);
        if args.len() > 7 {
            code.line("#[allow(clippy::too_many_arguments)]");
        }
        if !args.iter().any(|a| a.1.contains("impl ")) {
            code.line("#[inline]");
        }
        signature(code, "new", &args);
        struct_literal(code, "Self", &inits);
        code.close("");
        Ok(())
    }
}

/// An argument: its name, its type's text, and the type to lay out where
/// it is too long for its line.
type Arg = (String, String, Option<Expr>);

fn arg(p: &Param, field: &str, emitter: &Emitter<'_>, paths: &Paths) -> Result<Arg, String> {
    let ty = arg_type(p, emitter, paths)?;
    Ok((field.to_owned(), ty.text()?, Some(ty.layout()?)))
}

/// `pub fn name(args) -> Self {`, opened: on one line if it fits, else one
/// argument a line (a type too long for its line broken as rustfmt breaks
/// it).
fn signature(code: &mut Code, name: &str, args: &[Arg]) {
    let flat: Vec<String> = args
        .iter()
        .map(|(n, ty, _)| {
            if ty.is_empty() {
                n.clone()
            } else {
                format!("{n}: {ty}")
            }
        })
        .collect();
    let line = format!("pub fn {name}({}) -> Self", flat.join(", "));
    if code.indent() + line.len() + 2 <= super::layout::WIDTH {
        code.open(&line);
        return;
    }
    code.line(&format!("pub fn {name}("));
    let inner = code.indent() + 4;
    for ((n, _, ty), text) in args.iter().zip(&flat) {
        match ty {
            Some(ty) if inner + text.len() + 1 > super::layout::WIDTH => {
                let laid = ty.layout(inner, inner + n.len() + 2, 1);
                code.laid_out(&format!("    {n}: {laid},"));
            }
            _ => code.line(&format!("    {text},")),
        }
    }
    code.open(") -> Self");
}

/// `head { field: value, … }` as a block's last expression: on one line
/// when its fields take at most 18 columns (rustfmt's `struct_lit_width`),
/// else one field a line.
fn struct_literal(code: &mut Code, head: &str, inits: &[(String, Option<Expr>)]) {
    let flat: Vec<String> = inits
        .iter()
        .map(|(field, value)| match value {
            None => field.clone(),
            Some(v) => format!("{field}: {}", v.flat()),
        })
        .collect();
    let body = flat.join(", ");
    if inits.is_empty() {
        code.line(&format!("{head} {{}}"));
        return;
    }
    if body.len() <= 18 && code.indent() + head.len() + body.len() + 4 <= super::layout::WIDTH {
        code.line(&format!("{head} {{ {body} }}"));
        return;
    }
    code.open(head);
    for (field, value) in inits {
        match value {
            None => code.line(&format!("{field},")),
            Some(v) => {
                let prefix = format!("{field}:");
                let text = v.layout(code.indent(), code.indent() + prefix.len() + 1, 1);
                code.laid_out(&format!("{prefix} {text},"));
            }
        }
    }
    code.close("");
}

fn setter(
    code: &mut Code,
    p: &Param,
    prefix: &str,
    emitter: &Emitter<'_>,
    paths: &Paths,
) -> Result<(), String> {
    let field = ident_text(&p.field);
    let arg = arg_type(p, emitter, paths)?.text()?;
    let value = convert(p, &field, paths);
    let value = if optional_is_option(p) {
        Expr::call("Some", vec![value])
    } else {
        value
    };
    code.blank();
    // A link to a raw identifier (`r#type`) does not resolve: plain code.
    let name = p.field.trim_start_matches("r#");
    let target = if field.starts_with("r#") {
        format!("`{name}`")
    } else {
        format!("[`{name}`](Self::{field})")
    };
    code.doc(&format!("Sets {target}: `{}`.", wire_template(prefix, p)));
    // The setter is named after the API's parameter, not an operator.
    if TRAIT_METHODS.contains(&p.field.as_str()) {
        code.line("#[allow(clippy::should_implement_trait)]");
    }
    code.line("#[must_use]");
    if !arg.contains("impl ") {
        code.line("#[inline]");
    }
    let ty = arg_type(p, emitter, paths)?.layout()?;
    signature(
        code,
        &field,
        &[
            ("mut self".to_owned(), String::new(), None),
            (field.clone(), arg.clone(), Some(ty)),
        ],
    );
    code.assign(&format!("self.{field} ="), &value);
    code.line("self");
    code.close("");
    Ok(())
}

fn encoding(paths: &Paths, encoding: ListEncoding) -> String {
    paths.rt(match encoding {
        ListEncoding::Indexed => "ListEncoding::Indexed",
        ListEncoding::Brackets => "ListEncoding::Brackets",
    })
}

/// The statement of `encode` (or `write_field`) that writes the parameter.
fn encode(p: &Param, paths: &Paths) -> Expr {
    let name = Expr::text(format!("{:?}", p.name));
    let field = ident_text(&p.field);
    let own = || Expr::text(format!("&self.{field}"));
    let as_ref = || Expr::text(format!("self.{field}.as_ref()"));
    let required = || Expr::text(p.required.to_string());
    let group = p.group().is_some();
    let (method, args) = match (p.map.is_some(), p.list, p.or_auto) {
        (true, Some(list), _) => (
            "map_list",
            vec![name, Expr::text(encoding(paths, list)), required(), own()],
        ),
        (true, None, _) => ("map", vec![name, required(), own()]),
        (false, Some(list), true) => (
            "or_auto",
            vec![
                name,
                Expr::text(encoding(paths, list)),
                required(),
                as_ref(),
            ],
        ),
        (false, Some(list), false) if group => (
            "group_list",
            vec![name, Expr::text(encoding(paths, list)), required(), own()],
        ),
        (false, Some(list), false) => (
            "list",
            vec![name, Expr::text(encoding(paths, list)), required(), own()],
        ),
        (false, None, _) if group && p.required => ("group", vec![name, own()]),
        (false, None, _) if group => ("optional_group", vec![name, as_ref()]),
        (false, None, _) if p.required => ("required", vec![name, own()]),
        (false, None, _) => ("optional", vec![name, as_ref()]),
    };
    Expr::text("form").then(method, args)
}

/// The body of `encode` or `write_field`: a statement per parameter.
pub fn encode_body(code: &mut Code, params: &[Param], paths: &Paths) {
    for p in params {
        code.expr(&encode(p, paths), ";");
    }
}

/// The form argument's name: `_form` when nothing is written.
pub fn form_arg(params: &[Param]) -> &'static str {
    if params.is_empty() { "_form" } else { "form" }
}

/// The names of the required parameters, quoted for docs.
pub fn required_names(params: &[Param]) -> Vec<String> {
    params
        .iter()
        .filter(|p| p.required)
        .map(|p| format!("`{}`", p.name))
        .collect()
}

/// The structs of every group in `params`, depth first.
pub fn groups(
    code: &mut Code,
    params: &[Param],
    prefix: &str,
    owner: &str,
    emitter: &Emitter<'_>,
    paths: &Paths,
) -> Result<(), String> {
    for p in params {
        if let Some(group) = p.group() {
            let wire = wire_template(prefix, p);
            group_type(code, group, &wire, p, owner, emitter, paths)?;
            groups(code, &group.members, &wire, owner, emitter, paths)?;
        }
    }
    Ok(())
}

fn group_type(
    code: &mut Code,
    group: &Group,
    wire: &str,
    p: &Param,
    owner: &str,
    emitter: &Emitter<'_>,
    paths: &Paths,
) -> Result<(), String> {
    let name = type_ident(&group.type_name).to_string();
    let doc = format!(
        "The `{wire}` group of [`{owner}`]: {}\n\nIts members are sent in the order of its \
         fields, each only when set.",
        prose(&p.description)
    );
    let required = required_names(&group.members);
    let new_doc = if required.is_empty() {
        "Creates the group; set its members with the setters.".to_owned()
    } else {
        format!(
            "Creates the group from its required members ({}).",
            required.join(", ")
        )
    };
    let derives = if required.is_empty() {
        "Debug, Clone, PartialEq, Eq, Default"
    } else {
        "Debug, Clone, PartialEq, Eq"
    };
    Struct {
        name: &name,
        doc: &doc,
        new_doc: &new_doc,
        derives,
        params: &group.members,
        prefix: wire,
    }
    .write(code, emitter, paths)?;
    code.blank();
    code.open(&format!("impl {} for {name}", paths.rt("Field")));
    code.line("#[inline]");
    let form = format!(
        "{}: &mut {}<'_>",
        form_arg(&group.members),
        paths.rt("Form")
    );
    code.open_fn("fn write_field", &["&self".to_owned(), form], None);
    encode_body(code, &group.members, paths);
    code.close("");
    code.close("");
    Ok(())
}
