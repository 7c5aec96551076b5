//! One description of each endpoint, which every front end reads (the
//! command line's subcommands and flags, the MCP server's tools and schemas):
//! the `sitehost` crate's endpoint metadata (method, version, parameters in
//! order, response shape, effect), joined by path with the words the spec
//! gives them (generated at build time into `commands.rs`). No front end
//! derives parameters, examples or docs on its own.

use sitehost::{Endpoint, Param, ParamKind, ResourceOp};

/// What the spec says of an endpoint, for help.
#[derive(Debug)]
pub struct EndpointDoc {
    /// The API path, such as `/cloud/stack/ssl/lets_encrypt/renew`.
    pub path: &'static str,
    /// One line.
    pub summary: &'static str,
    /// More, where the spec has it.
    pub description: Option<&'static str>,
    /// The versioned URL of the real API.
    pub url: &'static str,
    /// Every parameter and group member, by key.
    pub params: &'static [ParamDoc],
}

/// What the spec says of a parameter or group member.
#[derive(Debug)]
pub struct ParamDoc {
    /// The wire names from the top, joined with `.`: `filters.sort_by`.
    pub key: &'static str,
    /// What it means.
    pub description: &'static str,
    /// Example values as the command line takes them (`key=value` in maps).
    pub examples: &'static [&'static str],
}

include!(concat!(env!("OUT_DIR"), "/commands.rs"));

/// One command: an endpoint and its words.
#[derive(Debug, Clone, Copy)]
pub struct Entry {
    /// The metadata the request is made from.
    pub endpoint: &'static Endpoint,
    /// The help.
    pub doc: &'static EndpointDoc,
}

impl Entry {
    /// The name of the endpoint's tool: the path's segments joined by `_`
    /// (`cloud_stack_ssl_lets_encrypt_renew`), as the client method is named.
    pub fn tool_name(&self) -> String {
        self.endpoint.path.trim_start_matches('/').replace('/', "_")
    }

    /// What calling it does.
    pub fn effect(&self) -> sitehost::Effect {
        self.endpoint.effect
    }

    /// The summary, the description where the spec has one, and what the
    /// call does to a resource where the spec declares it.
    pub fn text(&self) -> String {
        let mut text = match self.doc.description {
            Some(more) => format!("{}\n\n{more}", self.doc.summary),
            None => self.doc.summary.to_owned(),
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
        };
        // "A DNS zone." as "a DNS zone", inside the sentence.
        let description = resource.description.trim_end_matches('.');
        let mut chars = description.chars();
        let description = match (chars.next(), chars.next()) {
            (Some(first), Some(second)) if second.is_lowercase() || second == ' ' => {
                format!(
                    "{}{}",
                    first.to_lowercase(),
                    &description[first.len_utf8()..]
                )
            }
            _ => description.to_owned(),
        };
        let what = if uses.op == ResourceOp::List {
            format!("{verb} {}s ({description})", resource.name)
        } else {
            format!("{verb} a {} ({description})", resource.name)
        };
        let params: Vec<&str> = uses.key.iter().map(|(_, wire)| *wire).collect();
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
        collect_flags(self.endpoint.params, "", Context::default(), &mut flags);
        flags
    }

    /// The doc of the parameter with this key.
    pub fn param_doc(&self, key: &str) -> Option<&'static ParamDoc> {
        self.doc.params.iter().find(|p| p.key == key)
    }
}

/// Every endpoint of the `sitehost` crate, sorted by path.
pub fn entries() -> Vec<Entry> {
    static EMPTY: EndpointDoc = EndpointDoc {
        path: "",
        summary: "",
        description: None,
        url: "",
        params: &[],
    };
    sitehost::api::ENDPOINTS
        .iter()
        .map(|&endpoint| Entry {
            endpoint,
            doc: ENDPOINT_DOCS
                .iter()
                .find(|d| d.path == endpoint.path)
                .unwrap_or(&EMPTY),
        })
        .collect()
}

/// A command-line flag for one scalar parameter or group member.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flag {
    /// The parameter's key: wire names joined with `.`.
    pub key: String,
    /// The flag without `--`: the key in lower case, `_` and `.` written `-`.
    pub long: String,
    /// Its value's type (never a group).
    pub kind: ParamKind,
    /// It may be given more than once: a list, or a member of a list of
    /// groups or of a map.
    pub repeated: bool,
    /// Its values are `KEY=VALUE`: a map, or a member of a map of groups.
    pub keyed: bool,
    /// It must be given (a required parameter outside any optional group,
    /// list or map).
    pub required: bool,
    /// A list that may be the single value `auto`.
    pub or_auto: bool,
    /// A member that must be given whenever its group is: the group's key.
    pub required_in: Option<String>,
    /// A member of a list of groups: the list's key. The Nth values of its
    /// member flags make entry N.
    pub entry_of: Option<String>,
}

#[derive(Debug, Clone, Default)]
struct Context {
    optional: bool,
    repeated: bool,
    keyed: bool,
    entry_of: Option<String>,
}

fn collect_flags(params: &[Param], prefix: &str, context: Context, out: &mut Vec<Flag>) {
    for p in params {
        let key = if prefix.is_empty() {
            p.name.to_owned()
        } else {
            format!("{prefix}.{}", p.name)
        };
        let is_group = matches!(p.kind, ParamKind::Group(_));
        let here = Context {
            optional: context.optional || !p.required,
            repeated: context.repeated || p.list.is_some(),
            keyed: context.keyed || p.map,
            entry_of: if is_group && p.list.is_some() {
                Some(key.clone())
            } else {
                context.entry_of.clone()
            },
        };
        match p.kind {
            ParamKind::Group(members) => collect_flags(members, &key, here, out),
            kind => out.push(Flag {
                long: key.to_ascii_lowercase().replace(['_', '.'], "-"),
                kind,
                repeated: here.repeated || here.keyed,
                keyed: here.keyed,
                required: !here.optional && !context.repeated && !context.keyed,
                or_auto: p.or_auto,
                required_in: (p.required && context.optional && !prefix.is_empty())
                    .then(|| prefix.to_owned()),
                entry_of: here.entry_of.clone(),
                key,
            }),
        }
    }
}
