//! Parameters: scalars, lists, groups, maps and enums, checked recursively;
//! and the definitions of a file's `params:`, which endpoints use by name.

use super::{Context, Reporter, SourceFile};
use crate::diag::{At, Problems};
use crate::model::{Example, Group, ListEncoding, Param, Role, ValueType, pascal_case, snake_case};
use crate::raw::{self, ListKey, MapKey};
use std::collections::{BTreeMap, HashMap};

/// A parameter defined once, under a file's `params:`.
pub struct Definition<'a> {
    /// As written.
    pub raw: &'a raw::Param,
    /// Whether it checked without problems; a use of one that did not is not
    /// reported again.
    pub valid: bool,
}

/// The keys a use of a definition may write beside `use`: those that say
/// how this endpoint documents it, not what it is.
const USE_SITE_KEYS: &str = "description, required, example and field";

/// Checks the definitions of every file's `params:`.
pub fn definitions<'a>(
    files: &'a [SourceFile<'a>],
    enums: &BTreeMap<String, crate::model::Enum>,
    out: &mut Problems,
) -> HashMap<&'a str, Definition<'a>> {
    let mut found: HashMap<&'a str, Definition<'a>> = HashMap::new();
    let mut places: HashMap<&'a str, String> = HashMap::new();
    let empty = HashMap::new();
    for file in files {
        for (i, p) in file.raw.params.iter().enumerate() {
            let at = format!("params[{i}]");
            let mut report = file.reporter(out);
            if p.uses.is_some() {
                report.error(
                    &format!("{at}.use"),
                    At::Key,
                    "a definition under `params:` is written in full; `use` is for an endpoint's \
                     parameters",
                );
                continue;
            }
            let Some(name) = p.name.as_deref() else {
                report.error(&at, At::Key, "a definition needs the parameter's `name`");
                continue;
            };
            if let Some(first) = places.get(name) {
                report.error(
                    &format!("{at}.name"),
                    At::Value,
                    format!("parameter `{name}` is already defined at {first}"),
                );
                continue;
            }
            let (line, _) = file.locations().find(&format!("{at}.name"), At::Value);
            places.insert(name, format!("{}:{line}", file.path.display()));
            let scope = Context::for_definitions(enums, &empty);
            let before = report.count();
            let checked = param(p, &at, "", true, &scope, &mut report);
            found.insert(
                name,
                Definition {
                    raw: p,
                    valid: checked.is_some() && report.count() == before,
                },
            );
        }
    }
    found
}

/// Checks a list of parameters (an endpoint's, or a group's members).
/// `owner` is the Rust type the parameters belong to; groups are named after
/// it. `top` says whether they are an endpoint's own (not a group's).
pub fn params(
    raw: &[raw::Param],
    at: &str,
    owner: &str,
    top: bool,
    ctx: &Context<'_>,
    report: &mut Reporter<'_>,
) -> Vec<Param> {
    let mut out: Vec<Param> = Vec::new();
    let mut by_wire: HashMap<String, (usize, bool)> = HashMap::new();
    let mut by_field: HashMap<String, String> = HashMap::new();
    for (j, written) in raw.iter().enumerate() {
        let pat = format!("{at}[{j}]");
        let merged;
        let p = match &written.uses {
            None => written,
            Some(name) => match resolve(written, name, &pat, ctx, report) {
                Some(p) => {
                    merged = p;
                    &merged
                }
                None => continue,
            },
        };
        let Some(param) = param(p, &pat, owner, top, ctx, report) else {
            continue;
        };
        let is_group = param.group().is_some();
        if clashes(&param, &pat, &out, &by_wire, &by_field, report) {
            continue;
        }
        by_wire.entry(param.name.clone()).or_insert((j, is_group));
        by_field.insert(param.field.clone(), param.name.clone());
        out.push(param);
    }
    out
}

/// Whether `param` clashes with one already checked: the same wire name
/// (except two runs of one group), the same Rust name, or a second account
/// role; reported.
fn clashes(
    param: &Param,
    pat: &str,
    out: &[Param],
    by_wire: &HashMap<String, (usize, bool)>,
    by_field: &HashMap<String, String>,
    report: &mut Reporter<'_>,
) -> bool {
    if let Some(&(first, first_is_group)) = by_wire.get(&param.name) {
        // A group may be split by other parameters on the wire (the
        // docs of /server/list_allocated_i_ps put `map_addresses` between
        // two runs of `filters[...]`): two groups of one name are allowed.
        if !(param.group().is_some() && first_is_group) {
            report.error(
                &format!("{pat}.name"),
                At::Value,
                format!(
                    "parameter `{}` is listed twice (first as parameter {})",
                    param.name,
                    first + 1
                ),
            );
            return true;
        }
    }
    if let Some(other) = by_field.get(&param.field) {
        report.error(
            &format!("{pat}.name"),
            At::Value,
            format!(
                "parameters `{}` and `{}` both become the Rust name `{}`{}",
                other,
                param.name,
                param.field,
                if *other == param.name {
                    "; give one a `field:` of its own"
                } else {
                    ""
                }
            ),
        );
        return true;
    }
    if param.role.is_some()
        && let Some(first) = out.iter().find(|q| q.role == param.role)
    {
        report.error(
            &format!("{pat}.role"),
            At::Value,
            format!(
                "`{}` already has the role `client_id`: an endpoint has one client",
                first.name
            ),
        );
        return true;
    }
    false
}

/// A use of a definition (`- use: client_id`), with the keys it writes
/// over the definition's.
fn resolve(
    written: &raw::Param,
    name: &str,
    at: &str,
    ctx: &Context<'_>,
    report: &mut Reporter<'_>,
) -> Option<raw::Param> {
    let Some(definition) = ctx.definitions.get(name) else {
        let mut known: Vec<&str> = ctx.definitions.keys().copied().collect();
        known.sort_unstable();
        report.error(
            &format!("{at}.use"),
            At::Value,
            format!(
                "no parameter `{name}` is defined under a file's `params:`{}",
                if known.is_empty() {
                    String::new()
                } else {
                    format!(" (defined: {})", known.join(", "))
                }
            ),
        );
        return None;
    };
    let fixed = [
        ("name", written.name.is_some()),
        ("type", written.ty.is_some()),
        ("list", written.list.is_some()),
        ("encoding", written.encoding.is_some()),
        ("map", written.map.is_some()),
        ("keys", written.keys.is_some()),
        ("or_auto", written.or_auto.is_some()),
        ("members", written.members.is_some()),
        ("role", written.role.is_some()),
    ];
    if let Some((key, _)) = fixed.iter().find(|(_, present)| *present) {
        report.error(
            &format!("{at}.{key}"),
            At::Key,
            format!(
                "a use of `{name}` takes its `{key}` from the definition; only {USE_SITE_KEYS} \
                 may be written beside `use`"
            ),
        );
        return None;
    }
    if !definition.valid {
        return None;
    }
    let mut p = definition.raw.clone();
    p.uses = None;
    if written.description.is_some() {
        p.description.clone_from(&written.description);
    }
    if written.required.is_some() {
        p.required = written.required;
    }
    if written.example.is_some() {
        p.example.clone_from(&written.example);
    }
    if written.field.is_some() {
        p.field.clone_from(&written.field);
    }
    Some(p)
}

fn param(
    p: &raw::Param,
    at: &str,
    owner: &str,
    top: bool,
    ctx: &Context<'_>,
    report: &mut Reporter<'_>,
) -> Option<Param> {
    let name = param_name(p, at, report)?;
    let Some(description) = p.description.as_deref() else {
        report.error(
            at,
            At::Key,
            format!("parameter `{name}` needs a `description`, from the API page"),
        );
        return None;
    };
    let field = field_name(p, name, at, report)?;
    let list = list_encoding(p, at, report)?;
    let map = map_keys(p, at, report)?;
    let ty = value_type(p, name, &field, at, owner, ctx, report)?;
    let or_auto = p.or_auto.unwrap_or(false);
    if or_auto && (list.is_none() || !matches!(ty, ValueType::String)) {
        report.error(
            &format!("{at}.or_auto"),
            At::Key,
            "`or_auto: true` is for a list of strings that may be the single value `auto`",
        );
        return None;
    }
    if or_auto && map.is_some() {
        report.error(
            &format!("{at}.or_auto"),
            At::Key,
            "`or_auto` and `map` do not go together",
        );
        return None;
    }
    let role = role(p, name, &ty, list, map.as_deref(), top, at, report)?;
    let shape = Kind {
        name,
        list,
        map: map.is_some(),
        ty: &ty,
    };
    let (example, example_map) = param_examples(p, &shape, at, ctx, report)?;
    Some(Param {
        name: name.to_owned(),
        field,
        ty,
        required: p.required.unwrap_or(true),
        list,
        map,
        or_auto,
        description: description.split_whitespace().collect::<Vec<_>>().join(" "),
        example,
        example_map,
        role,
    })
}

/// A parameter's wire name: there, plain (no brackets), not `apikey`.
fn param_name<'p>(p: &'p raw::Param, at: &str, report: &mut Reporter<'_>) -> Option<&'p str> {
    let name_at = format!("{at}.name");
    let Some(name) = p.name.as_deref() else {
        report.error(
            at,
            At::Key,
            "a parameter needs its `name` (or `use:` and the name of a definition under a file's \
             `params:`)",
        );
        return None;
    };
    let problem = if name.contains('[') || name.contains(']') {
        let base = name.split('[').next().unwrap_or_default();
        format!(
            "write a parameter by its plain name (`name: {base}`): lists take `list: true`, \
             groups `members:`, maps `map: true`; the brackets are added on the wire"
        )
    } else if name == "apikey" {
        "`apikey` is sent first on every call by the client; do not list it".to_owned()
    } else if name.is_empty() {
        "the parameter name is empty".to_owned()
    } else {
        return Some(name);
    };
    report.error(&name_at, At::Value, problem);
    None
}

/// The Rust field of a parameter: its `field:`, or its name in snake case.
fn field_name(p: &raw::Param, name: &str, at: &str, report: &mut Reporter<'_>) -> Option<String> {
    match &p.field {
        Some(field) => match snake_case(field).filter(|s| s == field) {
            Some(field) => Some(field),
            None => {
                report.error(
                    &format!("{at}.field"),
                    At::Value,
                    format!("`field: {field}` must be a snake_case Rust name"),
                );
                None
            }
        },
        None => match snake_case(name) {
            Some(field) => Some(field),
            None => {
                report.error(
                    &format!("{at}.name"),
                    At::Value,
                    format!(
                        "parameter name `{name}` cannot become a Rust name: use letters, digits \
                         and `_`, starting with a letter, or give it a `field:`"
                    ),
                );
                None
            }
        },
    }
}

/// What a parameter's examples are checked against.
struct Kind<'k> {
    name: &'k str,
    list: Option<ListEncoding>,
    map: bool,
    ty: &'k ValueType,
}

/// A parameter's examples: its values, or a map's entries with theirs.
#[allow(clippy::type_complexity)]
fn param_examples(
    p: &raw::Param,
    kind: &Kind<'_>,
    at: &str,
    ctx: &Context<'_>,
    report: &mut Reporter<'_>,
) -> Option<(Vec<Example>, Vec<(String, Vec<Example>)>)> {
    let here = format!("{at}.example");
    let (name, list, ty) = (kind.name, kind.list, kind.ty);
    match &p.example {
        None | Some(serde_yaml::Value::Null) => Some((Vec::new(), Vec::new())),
        Some(_) if matches!(ty, ValueType::Group(_)) => {
            report.error(&here, At::Key, "a group's examples go on its members");
            None
        }
        Some(value) if kind.map => {
            let serde_yaml::Value::Mapping(entries) = value else {
                report.error(
                    &here,
                    At::Value,
                    format!("the example of map `{name}` must be a mapping of key to value"),
                );
                return None;
            };
            let mut example_map = Vec::new();
            for (k, v) in entries {
                let key = match k {
                    serde_yaml::Value::String(s) => s.clone(),
                    serde_yaml::Value::Number(n) => n.to_string(),
                    _ => {
                        report.error(&here, At::Value, "the example map's keys must be text");
                        return None;
                    }
                };
                let values = examples(v, name, list, ty, &here, ctx, report)?;
                example_map.push((key, values));
            }
            Some((Vec::new(), example_map))
        }
        Some(value) => Some((
            examples(value, name, list, ty, &here, ctx, report)?,
            Vec::new(),
        )),
    }
}

/// A list's encoding from `list:` and `encoding:` (or the earlier `list:
/// indexed`, with a hint).
fn list_encoding(
    p: &raw::Param,
    at: &str,
    report: &mut Reporter<'_>,
) -> Option<Option<ListEncoding>> {
    const NEED: &str = "a list needs its wire form: `encoding: indexed` (name[0]=x, name[1]=y) \
                        or `encoding: brackets` (name[]=x, name[]=y)";
    match (p.list, p.encoding) {
        (None | Some(ListKey::Flag(false)), None) => Some(None),
        (None | Some(ListKey::Flag(false)), Some(_)) => {
            report.error(
                &format!("{at}.encoding"),
                At::Key,
                "`encoding` is the wire form of a list: add `list: true`",
            );
            None
        }
        (Some(ListKey::Flag(true)), None) => {
            report.error(&format!("{at}.list"), At::Key, NEED);
            None
        }
        (Some(ListKey::Flag(true)), Some(encoding)) => Some(Some(encoding)),
        (Some(ListKey::Encoding(encoding)), None) => {
            report.hint(
                &format!("{at}.list"),
                At::Key,
                format!(
                    "write `list: true` and `encoding: {}` (`list: {0}` is the earlier spelling)",
                    encoding.as_str()
                ),
            );
            Some(Some(encoding))
        }
        (Some(ListKey::Encoding(written)), Some(_)) => {
            report.error(
                &format!("{at}.list"),
                At::Value,
                format!(
                    "`list: {}` is the earlier spelling of `list: true` with `encoding:`; beside \
                     `encoding:`, write `list: true`",
                    written.as_str()
                ),
            );
            None
        }
    }
}

/// What a map's keys are, from `map:` and `keys:` (or the earlier `map:
/// file name`, with a hint).
fn map_keys(p: &raw::Param, at: &str, report: &mut Reporter<'_>) -> Option<Option<String>> {
    let keys = match (&p.map, &p.keys) {
        (None | Some(MapKey::Flag(false)), None) => return Some(None),
        (None | Some(MapKey::Flag(false)), Some(_)) => {
            report.error(
                &format!("{at}.keys"),
                At::Key,
                "`keys` says what a map's keys are: add `map: true`",
            );
            return None;
        }
        (Some(MapKey::Flag(true)), None) => {
            report.error(
                &format!("{at}.map"),
                At::Key,
                "say what the map's keys are, such as `keys: file name`",
            );
            return None;
        }
        (Some(MapKey::Flag(true)), Some(keys)) => (keys, format!("{at}.keys")),
        (Some(MapKey::Keys(keys)), None) => {
            report.hint(
                &format!("{at}.map"),
                At::Key,
                format!(
                    "write `map: true` and `keys: {}` (`map: <what the keys are>` is the earlier \
                     spelling)",
                    keys.trim()
                ),
            );
            (keys, format!("{at}.map"))
        }
        (Some(MapKey::Keys(_)), Some(_)) => {
            report.error(
                &format!("{at}.map"),
                At::Value,
                "`map: <what the keys are>` is the earlier spelling of `map: true` with `keys:`; \
                 beside `keys:`, write `map: true`",
            );
            return None;
        }
    };
    let (keys, keys_at) = keys;
    if keys.trim().is_empty() {
        report.error(
            &keys_at,
            At::Value,
            "say what the map's keys are, such as `keys: file name`",
        );
        return None;
    }
    Some(Some(keys.trim().to_owned()))
}

#[allow(clippy::too_many_arguments)]
fn value_type(
    p: &raw::Param,
    name: &str,
    field: &str,
    at: &str,
    owner: &str,
    ctx: &Context<'_>,
    report: &mut Reporter<'_>,
) -> Option<ValueType> {
    match (&p.ty, &p.members) {
        (Some(_), Some(_)) => {
            report.error(
                &format!("{at}.members"),
                At::Key,
                "a parameter has a `type` or `members` (a group), not both",
            );
            None
        }
        (None, None) => {
            report.error(
                at,
                At::Key,
                format!(
                    "parameter `{name}` needs a `type` (string, integer, boolean, job_type or an \
                     enum's name) or `members` (a group)"
                ),
            );
            None
        }
        (None, Some(members)) => {
            if members.is_empty() {
                report.error(
                    &format!("{at}.members"),
                    At::Key,
                    format!("group `{name}` has no members"),
                );
                return None;
            }
            let type_name = format!("{owner}{}", pascal_case(field));
            let errors = report.count();
            let members = params(
                members,
                &format!("{at}.members"),
                &type_name,
                false,
                ctx,
                report,
            );
            if report.count() > errors {
                return None;
            }
            Some(ValueType::Group(Group { type_name, members }))
        }
        (Some(ty), None) => match ty.as_str() {
            "string" => Some(ValueType::String),
            "integer" => Some(ValueType::Integer),
            "boolean" => Some(ValueType::Boolean),
            "job_type" => Some(ValueType::JobType),
            other if ctx.enums.contains_key(other) => Some(ValueType::Enum(other.to_owned())),
            other => {
                report.error(
                    &format!("{at}.type"),
                    At::Value,
                    format!(
                        "unknown type `{other}`: use string, integer, boolean, job_type or the \
                         name of an enum under `enums:`"
                    ),
                );
                None
            }
        },
    }
}

/// The parameter's role: as declared, or, for an endpoint's own integer
/// `client_id` written before roles existed, `client_id` with a hint.
#[allow(clippy::too_many_arguments)]
fn role(
    p: &raw::Param,
    name: &str,
    ty: &ValueType,
    list: Option<ListEncoding>,
    map: Option<&str>,
    top: bool,
    at: &str,
    report: &mut Reporter<'_>,
) -> Option<Option<Role>> {
    let single_integer = *ty == ValueType::Integer && list.is_none() && map.is_none();
    match p.role {
        Some(Role::ClientId) if !(top && single_integer) => {
            report.error(
                &format!("{at}.role"),
                At::Value,
                "`role: client_id` is for an endpoint's own parameter holding one integer, the \
                 client's ID",
            );
            None
        }
        Some(role) => Some(Some(role)),
        None if top && single_integer && name == "client_id" => {
            report.hint(
                &format!("{at}.name"),
                At::Value,
                "declare what `client_id` stands for: `- use: client_id` (the definition in \
                 `params:`), or `role: client_id`",
            );
            Some(Some(Role::ClientId))
        }
        None => Some(None),
    }
}

/// The example values of a scalar or list (or of one map entry).
fn examples(
    value: &serde_yaml::Value,
    name: &str,
    list: Option<ListEncoding>,
    ty: &ValueType,
    at: &str,
    ctx: &Context<'_>,
    report: &mut Reporter<'_>,
) -> Option<Vec<Example>> {
    use serde_yaml::Value;
    let items: Vec<&Value> = match value {
        Value::Sequence(items) if list.is_some() => items.iter().collect(),
        Value::Sequence(_) => {
            report.error(
                at,
                At::Value,
                format!(
                    "the example of `{name}` is a list, but the parameter is not (add `list: \
                     true` to make it one)"
                ),
            );
            return None;
        }
        other => vec![other],
    };
    let mut out = Vec::new();
    for item in items {
        let converted = match (ty, item) {
            (ValueType::Integer, Value::Number(n)) => n.as_i64().map(Example::Integer),
            (ValueType::Boolean, Value::Bool(b)) => Some(Example::Boolean(*b)),
            (ValueType::String, Value::String(s)) => Some(Example::Text(s.clone())),
            (ValueType::String, Value::Number(n)) => Some(Example::Text(n.to_string())),
            (ValueType::String, Value::Bool(b)) => Some(Example::Text(b.to_string())),
            (ValueType::JobType, Value::String(s)) if s == "daemon" || s == "scheduler" => {
                Some(Example::Text(s.clone()))
            }
            (ValueType::Enum(enum_name), Value::String(s))
                if ctx.enums[enum_name].values.iter().any(|(v, _)| v == s) =>
            {
                Some(Example::Text(s.clone()))
            }
            _ => None,
        };
        match converted {
            Some(example) => out.push(example),
            None => {
                let what = match ty {
                    ValueType::Enum(enum_name) => format!(
                        "enum {enum_name} ({})",
                        ctx.enums[enum_name]
                            .values
                            .iter()
                            .map(|(v, _)| v.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                    ValueType::JobType => "job_type (daemon or scheduler)".to_owned(),
                    other => other.spec_name(),
                };
                report.error(
                    at,
                    At::Value,
                    format!(
                        "the example {} does not match the type of `{name}`, which is {what}",
                        describe_yaml(item),
                    ),
                );
                return None;
            }
        }
    }
    Some(out)
}

/// A YAML value in words, for messages: `"x" (a string)`.
pub fn describe_yaml(value: &serde_yaml::Value) -> String {
    use serde_yaml::Value;
    match value {
        Value::Null => "null".to_owned(),
        Value::Bool(b) => format!("`{b}` (a boolean)"),
        Value::Number(n) => format!("`{n}` (a number)"),
        Value::String(s) => format!("\"{s}\" (a string)"),
        Value::Sequence(_) => "(a list)".to_owned(),
        Value::Mapping(_) => "(a mapping)".to_owned(),
        Value::Tagged(_) => "(a tagged value)".to_owned(),
    }
}
