//! The endpoints as the front ends show them, read from the `sitehost`
//! crate's endpoint metadata alone ([`sitehost::Endpoint`]: words, parameters
//! with their descriptions, typed examples and roles, paging, response
//! shape, resource). Nothing here reads the spec or derives a name from a
//! path: the tool name is the client method's, the account's parameter is
//! the one whose role says so.

use sitehost::{Effect, Endpoint, Example, Param, ParamKind, ResourceOp, Role};

/// One endpoint as the command line and the MCP server show it.
#[derive(Debug, Clone, Copy)]
pub struct Entry {
    /// Its metadata.
    pub endpoint: &'static Endpoint,
}

/// `SH_API_URL` where it is set, for the help texts.
pub fn base_url_setting() -> Option<&'static str> {
    // Read once: `--help` builds a command for every endpoint.
    static BASE: std::sync::OnceLock<Option<String>> = std::sync::OnceLock::new();
    BASE.get_or_init(|| {
        std::env::var("SH_API_URL")
            .ok()
            .map(|u| u.trim().trim_end_matches('/').to_owned())
            .filter(|u| !u.is_empty())
    })
    .as_deref()
}

/// Every endpoint of the `sitehost` crate, sorted by path.
pub fn entries() -> Vec<Entry> {
    sitehost::api::ENDPOINTS
        .iter()
        .map(|&endpoint| Entry { endpoint })
        .collect()
}

impl Entry {
    /// The name of the endpoint's tool: its client method's
    /// (`cloud_stack_ssl_lets_encrypt_renew`).
    pub fn tool_name(&self) -> &'static str {
        self.endpoint.name
    }

    /// What calling it does.
    pub fn effect(&self) -> Effect {
        self.endpoint.effect
    }

    /// The one-line summary.
    pub fn summary(&self) -> &'static str {
        self.endpoint.summary
    }

    /// The versioned URL: at `SH_API_URL` where it is set, else at the
    /// real API.
    pub fn url(&self) -> String {
        let base = base_url_setting().unwrap_or(sitehost::DEFAULT_BASE_URL);
        format!("{base}{}", self.endpoint.call().url_path())
    }

    /// The summary, the description where the spec has one, and what the
    /// call does to a resource where the spec declares it.
    pub fn text(&self) -> String {
        let mut text = match self.endpoint.description {
            Some(more) => format!("{}\n\n{more}", self.endpoint.summary),
            None => self.endpoint.summary.to_owned(),
        };
        if let Some(line) = self.resource_line() {
            text.push_str("\n\n");
            text.push_str(&line);
        }
        text
    }

    /// What the call does to a resource, in words, with the parameters that
    /// name it: `Deletes a dns_record (one record of a DNS zone), named by
    /// domain and record_id.`
    pub fn resource_line(&self) -> Option<String> {
        let uses = self.endpoint.resource?;
        let resource = uses.resource;
        let verb = match uses.op {
            ResourceOp::Create => "Creates",
            ResourceOp::Get => "Returns",
            ResourceOp::List => "Lists",
            ResourceOp::Update => "Changes",
            ResourceOp::Delete => "Deletes",
            ResourceOp::Action => "Acts on",
            ResourceOp::Set => "Sets",
        };
        let description = in_sentence(resource.description.trim_end_matches('.'));
        let what = if uses.op == ResourceOp::List {
            format!("{verb} {}s ({description})", resource.name)
        } else {
            format!("{verb} a {} ({description})", resource.name)
        };
        let params: Vec<String> = uses
            .key
            .iter()
            .map(|(_, path)| sitehost::wire::wire_name(path))
            .collect();
        let named = match (uses.op, params.split_last()) {
            (_, None) => String::new(),
            (ResourceOp::Create | ResourceOp::List, Some(_)) => {
                format!(", of the {} given", params.join(" and "))
            }
            (_, Some((last, []))) => format!(", named by {last}"),
            (_, Some((last, rest))) => format!(", named by {} and {last}", rest.join(", ")),
        };
        let allocated = match (uses.op, resource.id) {
            (ResourceOp::Create, Some(id)) => format!("; the API gives it its {id}"),
            _ => String::new(),
        };
        Some(format!("{what}{named}{allocated}."))
    }

    /// The command words: the path's segments, `_` written `-`.
    pub fn words(&self) -> Vec<String> {
        self.endpoint
            .path
            .trim_start_matches('/')
            .split('/')
            .map(|s| s.replace('_', "-"))
            .collect()
    }

    /// The flags of the endpoint's parameters, in wire order.
    pub fn flags(&self) -> Vec<Flag> {
        let mut flags = Vec::new();
        collect_flags(self.endpoint.params, &[], Context::default(), &mut flags);
        flags
    }
}

/// "A DNS zone" as "a DNS zone", inside a sentence; "SSH key" stays.
fn in_sentence(text: &str) -> String {
    let mut chars = text.chars();
    match (chars.next(), chars.next()) {
        (Some(first), Some(second)) if second.is_lowercase() || second == ' ' => {
            format!("{}{}", first.to_lowercase(), &text[first.len_utf8()..])
        }
        _ => text.to_owned(),
    }
}

/// A command-line flag for one scalar parameter or group member.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flag {
    /// The parameter's names from the top (`["filters", "sort_by"]`).
    pub path: Vec<&'static str>,
    /// The parameter.
    pub param: &'static Param,
    /// The flag's id: the names joined with `.` (`filters.sort_by`).
    pub key: String,
    /// The flag without `--`: the key in lower case, `_` and `.` written `-`.
    pub long: String,
    /// It may be given more than once: a list, or a member of a list of
    /// groups or of a map.
    pub repeated: bool,
    /// Its values are `KEY=VALUE`: a map, or a member of a map of groups.
    pub keyed: bool,
    /// It must be given (a required parameter outside any optional group,
    /// list or map).
    pub required: bool,
    /// A member that must be given whenever its group is: the group's key.
    pub required_in: Option<String>,
    /// A member of a list of groups: the list's key. The Nth values of its
    /// member flags make entry N.
    pub entry_of: Option<String>,
}

impl Flag {
    /// The type of its values (never a group).
    pub fn kind(&self) -> ParamKind {
        self.param.kind
    }

    /// The spec's example as the flag's values: a list's values, a map's
    /// entries as `KEY=VALUE` (one per value of a map of lists).
    pub fn example_texts(&self) -> Vec<String> {
        self.param.example.as_ref().map_or_else(Vec::new, texts)
    }

    /// It defaults to the account's client ID (`SH_CLIENT_ID`).
    pub fn is_client_id(&self) -> bool {
        self.path.len() == 1 && self.param.role == Some(Role::ClientId)
    }
}

fn texts(example: &Example) -> Vec<String> {
    match example {
        Example::Text(text) => vec![(*text).to_owned()],
        Example::Integer(n) => vec![n.to_string()],
        Example::Boolean(b) => vec![b.to_string()],
        Example::List(items) => items.iter().flat_map(texts).collect(),
        Example::Map(entries) => entries
            .iter()
            .flat_map(|(key, value)| texts(value).into_iter().map(move |v| format!("{key}={v}")))
            .collect(),
    }
}

#[derive(Debug, Clone, Default)]
struct Context {
    optional: bool,
    repeated: bool,
    keyed: bool,
    entry_of: Option<String>,
}

fn collect_flags(
    params: &'static [Param],
    parents: &[&'static str],
    context: Context,
    out: &mut Vec<Flag>,
) {
    for p in params {
        let mut path = parents.to_vec();
        path.push(p.name);
        let key = path.join(".");
        let here = Context {
            optional: context.optional || !p.required,
            repeated: context.repeated || p.list.is_some(),
            keyed: context.keyed || p.map,
            entry_of: if p.members().is_some() && p.list.is_some() {
                Some(key.clone())
            } else {
                context.entry_of.clone()
            },
        };
        match p.members() {
            Some(members) => collect_flags(members, &path, here, out),
            None => out.push(Flag {
                long: flag_name(&key),
                param: p,
                repeated: here.repeated || here.keyed,
                keyed: here.keyed,
                required: !here.optional && !context.repeated && !context.keyed,
                required_in: (p.required && context.optional && !parents.is_empty())
                    .then(|| parents.join(".")),
                entry_of: here.entry_of.clone(),
                key,
                path,
            }),
        }
    }
}

/// The flag of a parameter key: `filters.sort_by` is `filters-sort-by`.
pub fn flag_name(key: &str) -> String {
    key.to_ascii_lowercase().replace(['_', '.'], "-")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_come_from_the_metadata() {
        for entry in entries() {
            let method = entry.endpoint.name;
            assert!(
                !method.is_empty()
                    && method
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c == '_' || c.is_ascii_digit()),
                "{}: {method}",
                entry.endpoint.path
            );
            for flag in entry.flags() {
                assert_eq!(flag.key, flag.path.join("."));
            }
        }
    }
}
