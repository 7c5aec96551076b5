//! What a parameter becomes in Rust, the same for an endpoint's parameters
//! and a group's members: a field, a constructor argument or a setter, a line
//! of encoding, and its runtime metadata. Groups become structs here too.

use super::{INLINE, ident_text, prose, type_ident};
use crate::model::{Example, Group, ListEncoding, Param, ValueType};

/// The Rust type of one value (of a scalar, or one item of a list or map).
pub fn base_type(p: &Param) -> String {
    match &p.ty {
        ValueType::String => "String".to_owned(),
        ValueType::Integer => "i64".to_owned(),
        ValueType::Boolean => "bool".to_owned(),
        ValueType::JobType => "crate::JobType".to_owned(),
        ValueType::Enum(name) => format!("crate::enums::{}", type_ident(name)),
        ValueType::Group(group) => type_ident(&group.type_name).to_string(),
    }
}

/// The field's type.
fn field_type(p: &Param) -> String {
    let base = base_type(p);
    match (p.map.is_some(), p.list.is_some(), p.or_auto) {
        (true, true, _) => format!("Vec<(String, Vec<{base}>)>"),
        (true, false, _) => format!("Vec<(String, {base})>"),
        (false, true, true) => format!("Option<crate::OrAuto<{base}>>"),
        (false, true, false) => format!("Vec<{base}>"),
        (false, false, _) if p.required => base,
        (false, false, _) => format!("Option<{base}>"),
    }
}

fn is_text(p: &Param) -> bool {
    matches!(p.ty, ValueType::String)
}

/// The type a constructor or setter takes.
fn arg_type(p: &Param) -> String {
    let base = base_type(p);
    let item = if is_text(p) {
        "impl Into<String>".to_owned()
    } else {
        base.clone()
    };
    match (p.map.is_some(), p.list.is_some(), p.or_auto) {
        (true, true, _) => format!(
            "impl IntoIterator<Item = (impl Into<String>, impl IntoIterator<Item = {item}>)>"
        ),
        (true, false, _) => format!("impl IntoIterator<Item = (impl Into<String>, {item})>"),
        (false, true, true) => format!("crate::OrAuto<{base}>"),
        (false, true, false) => format!("impl IntoIterator<Item = {item}>"),
        (false, false, _) => item,
    }
}

/// The field's value from the argument `arg` (without `Some`), on one line
/// or, for a map of lists, as a chain of lines.
fn convert(p: &Param, arg: &str) -> String {
    let v = if is_text(p) { "v.into()" } else { "v" };
    match (p.map.is_some(), p.list.is_some(), p.or_auto) {
        (true, true, _) => format!(
            "{arg}\n    .into_iter()\n    .map(|(k, vs)| (k.into(), vs.into_iter().map(|v| {v}).collect()))\n    .collect()"
        ),
        (true, false, _) => format!("{arg}.into_iter().map(|(k, v)| (k.into(), {v})).collect()"),
        (false, true, true) => arg.to_owned(),
        (false, true, false) if is_text(p) => {
            format!("{arg}.into_iter().map(Into::into).collect()")
        }
        (false, true, false) => format!("{arg}.into_iter().collect()"),
        (false, false, _) if is_text(p) => format!("{arg}.into()"),
        (false, false, _) => arg.to_owned(),
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

/// `text` as `///` lines at `indent` spaces.
pub fn doc_text(out: &mut String, indent: usize, text: &str) {
    for line in text.split('\n') {
        out.push_str(&" ".repeat(indent));
        out.push_str("///");
        if !line.is_empty() {
            out.push(' ');
            out.push_str(line);
        }
        out.push('\n');
    }
}

/// `body` (lines at no indentation) indented by `indent` spaces.
fn indented(body: &str, indent: usize) -> String {
    let pad = " ".repeat(indent);
    body.lines()
        .map(|l| {
            if l.is_empty() {
                "\n".to_owned()
            } else {
                format!("{pad}{l}\n")
            }
        })
        .collect()
}

/// A method's signature at indent 4: `pub fn name(args) -> Self {` on one
/// line if it fits, else one argument a line.
fn signature(name: &str, args: &[String]) -> String {
    let line = format!("    pub fn {name}({}) -> Self {{\n", args.join(", "));
    if line.len() <= WIDTH + 1 {
        return line;
    }
    let mut text = format!("    pub fn {name}(\n");
    for arg in args {
        text.push_str(&format!("        {arg},\n"));
    }
    text.push_str("    ) -> Self {\n");
    text
}

/// A struct with documented fields, and its `impl` with `new` and setters,
/// as formatted text: the request type or a group. `doc` documents the type
/// and `new_doc` its constructor; `prefix` is the group's wire name (empty
/// for a request).
pub fn struct_and_impl(
    name: &str,
    doc: &str,
    new_doc: &str,
    derives: &str,
    params: &[Param],
    prefix: &str,
) -> String {
    let mut out = String::new();
    doc_text(&mut out, 0, doc);
    out.push_str(&format!(
        "#[derive({derives})]\n#[non_exhaustive]\npub struct {name} {{\n"
    ));
    let mut new_args = Vec::new();
    let mut inits: Vec<String> = Vec::new();
    let mut setters = String::new();
    for p in params {
        let field = ident_text(&p.field);
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
        doc_text(&mut out, 4, &text);
        out.push_str(&format!("    pub {field}: {},\n", field_type(p)));

        let arg = arg_type(p);
        let value = convert(p, &field);
        if p.required {
            new_args.push(format!("{field}: {arg}"));
            if p.or_auto {
                inits.push(format!("{field}: Some({value})"));
            } else if value == field {
                inits.push(field.clone());
            } else {
                inits.push(format!("{field}: {value}"));
            }
        } else {
            let set = if optional_is_option(p) {
                inits.push(format!("{field}: None"));
                format!("Some({value})")
            } else {
                inits.push(format!("{field}: Vec::new()"));
                value
            };
            setters.push('\n');
            doc_text(
                &mut setters,
                4,
                &format!("Sets `{wire}`: {}", prose(&p.description)),
            );
            // The setter is named after the API's parameter, not an operator.
            if TRAIT_METHODS.contains(&p.field.as_str()) {
                setters.push_str("    #[allow(clippy::should_implement_trait)]\n");
            }
            setters.push_str("    #[must_use]\n");
            if !arg.contains("impl ") {
                setters.push_str(&format!("    {INLINE}\n"));
            }
            setters.push_str(&signature(
                &field,
                &["mut self".to_owned(), format!("{field}: {arg}")],
            ));
            setters.push_str(&indented(&format!("self.{field} = {set};"), 8));
            setters.push_str("        self\n    }\n");
        }
    }
    out.push_str("}\n\n");
    out.push_str(&format!("impl {name} {{\n"));
    doc_text(&mut out, 4, new_doc);
    if new_args.len() > 7 {
        out.push_str("    #[allow(clippy::too_many_arguments)]\n");
    }
    if !new_args.iter().any(|a| a.contains("impl ")) {
        out.push_str(&format!("    {INLINE}\n"));
    }
    out.push_str(&signature("new", &new_args));
    let one_line = format!("        Self {{ {} }}\n", inits.join(", "));
    if one_line.len() <= WIDTH + 1 && !one_line[..one_line.len() - 1].contains('\n') {
        out.push_str(&one_line);
    } else {
        out.push_str("        Self {\n");
        for init in &inits {
            out.push_str(&indented(&format!("{init},"), 12));
        }
        out.push_str("        }\n");
    }
    out.push_str("    }\n");
    out.push_str(&setters);
    out.push_str("}\n");
    out
}

fn encoding(encoding: ListEncoding) -> &'static str {
    match encoding {
        ListEncoding::Indexed => "crate::ListEncoding::Indexed",
        ListEncoding::Brackets => "crate::ListEncoding::Brackets",
    }
}

/// The line of `encode` (or `write_field`) that writes the parameter.
fn encode(p: &Param) -> String {
    let name = &p.name;
    let field = super::ident_text(&p.field);
    let required = p.required;
    let group = p.group().is_some();
    match (p.map.is_some(), p.list, p.or_auto) {
        (true, Some(list), _) => format!(
            "form.map_list({name:?}, {}, {required}, &self.{field});",
            encoding(list)
        ),
        (true, None, _) => format!("form.map({name:?}, {required}, &self.{field});"),
        (false, Some(list), true) => format!(
            "form.or_auto({name:?}, {}, {required}, self.{field}.as_ref());",
            encoding(list)
        ),
        (false, Some(list), false) if group => format!(
            "form.group_list({name:?}, {}, {required}, &self.{field});",
            encoding(list)
        ),
        (false, Some(list), false) => format!(
            "form.list({name:?}, {}, {required}, &self.{field});",
            encoding(list)
        ),
        (false, None, _) if group && required => format!("form.group({name:?}, &self.{field});"),
        (false, None, _) if group => {
            format!("form.optional_group({name:?}, self.{field}.as_ref());")
        }
        (false, None, _) if required => format!("form.required({name:?}, &self.{field});"),
        (false, None, _) => format!("form.optional({name:?}, self.{field}.as_ref());"),
    }
}

/// The body of `encode` or `write_field`, at `indent` spaces: the form
/// argument's name and the lines.
pub fn encode_body(params: &[Param], indent: usize) -> (&'static str, String) {
    let pad = " ".repeat(indent);
    let mut body = String::new();
    for p in params {
        body.push_str(&pad);
        body.push_str(&encode(p));
        body.push('\n');
    }
    (if params.is_empty() { "_form" } else { "form" }, body)
}

/// Widest line the formatted text aims for, as rustfmt's default.
const WIDTH: usize = 100;

/// The runtime metadata of a parameter (`crate::Param`), as text starting at
/// column `indent` (later lines indented from there).
pub fn meta(p: &Param, indent: usize) -> String {
    let name = &p.name;
    let kind = match &p.ty {
        ValueType::String => "crate::ParamKind::String".to_owned(),
        ValueType::Integer => "crate::ParamKind::Integer".to_owned(),
        ValueType::Boolean => "crate::ParamKind::Boolean".to_owned(),
        ValueType::JobType => "crate::ParamKind::Choice(&[\"daemon\", \"scheduler\"])".to_owned(),
        ValueType::Enum(e) => format!("crate::ParamKind::Choice(crate::enums::{e}::VALUES)"),
        ValueType::Group(_) => String::new(),
    };
    let constructor = if p.required { "required" } else { "optional" };
    let mut tail = String::new();
    if p.map.is_some() {
        tail.push_str(".map()");
    }
    if let Some(list) = p.list {
        tail.push_str(&format!(".list({})", encoding(list)));
    }
    if p.or_auto {
        tail.push_str(".or_auto()");
    }
    let pad = " ".repeat(indent);
    if let Some(group) = p.group() {
        let mut text = format!(
            "crate::Param::{constructor}(\n{pad}    {name:?},\n{pad}    crate::ParamKind::Group(&[\n"
        );
        for m in &group.members {
            text.push_str(&format!("{pad}        {},\n", meta(m, indent + 8)));
        }
        text.push_str(&format!("{pad}    ]),\n{pad})"));
        if !tail.is_empty() {
            text.push_str(&format!("\n{pad}{tail}"));
        }
        return text;
    }
    let head = format!("crate::Param::{constructor}({name:?}, {kind})");
    if indent + head.len() + tail.len() < WIDTH {
        return head + &tail;
    }
    if indent + head.len() < WIDTH {
        // The chain breaks before each call, as rustfmt breaks it.
        let mut text = head;
        for call in tail.split_inclusive(')') {
            text.push_str(&format!("\n{pad}    {call}"));
        }
        return text;
    }
    let mut text =
        format!("crate::Param::{constructor}(\n{pad}    {name:?},\n{pad}    {kind},\n{pad})");
    if !tail.is_empty() {
        text.push_str(&format!("\n{pad}{tail}"));
    }
    text
}

/// The names of the required parameters, quoted for docs.
pub fn required_names(params: &[Param]) -> Vec<String> {
    params
        .iter()
        .filter(|p| p.required)
        .map(|p| format!("`{}`", p.name))
        .collect()
}

/// The structs of every group in `params`, depth first, as formatted text.
pub fn groups(params: &[Param], prefix: &str, owner_doc: &str) -> Vec<String> {
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

fn group_type(group: &Group, wire: &str, p: &Param, owner_doc: &str) -> String {
    let name = type_ident(&group.type_name).to_string();
    let doc = format!(
        "The `{wire}` group of {owner_doc}: {}\n\nIts members are sent in the order of its fields, each only when set.",
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
    let mut text = struct_and_impl(&name, &doc, &new_doc, derives, &group.members, wire);
    let (form, body) = encode_body(&group.members, 8);
    text.push_str(&format!(
        "\nimpl crate::Field for {name} {{\n    {INLINE}\n    fn write_field(&self, {form}: &mut crate::Form<'_>) {{\n{body}    }}\n}}\n"
    ));
    text
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
