//! The tool catalog, built once without a client: the tools, what each name
//! is, and the policy (the server's ceilings); and a caller's narrower view
//! of it ([`Scope`]).

use super::server::Options;
use super::tools::{self, CALL, DESCRIBE, JOB_WAIT, SEARCH};
use super::{check, state};
use crate::endpoints::{Entry, entries};
use rmcp::model::Tool;
use serde_json::{Map, Value};
use sitehost::Effect;
use std::collections::HashMap;

/// What a tool's name stands for.
#[derive(Debug, Clone, Copy)]
pub enum Kind {
    /// One endpoint of the API.
    Endpoint(Entry),
    /// Waits for a job.
    JobWait,
    /// `--dynamic`: finds endpoints.
    Search,
    /// `--dynamic`: one endpoint's tool.
    Describe,
    /// `--dynamic`: calls one endpoint.
    Call,
    /// Plans desired state.
    Plan,
    /// Applies desired state.
    Apply,
}

/// What a caller narrows the server's tools to (never wider than the
/// server's own flags): only the tools that change nothing, and only the
/// endpoints whose API path one of the globs matches.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Scope {
    /// Only the tools that change nothing.
    pub read_only: bool,
    /// Only the endpoints whose API path one of these globs matches; all if
    /// empty.
    pub tools: Vec<String>,
}

impl Scope {
    fn admits(&self, entry: &Entry) -> Result<(), String> {
        if self.read_only && entry.effect() != Effect::Read {
            return Err(format!(
                "`{}` changes things and this caller is read-only",
                entry.tool_name()
            ));
        }
        if !selected(&self.tools, entry.endpoint.path) {
            return Err(format!(
                "`{}` is not among the tools this caller chose ({})",
                entry.tool_name(),
                self.tools.join(",")
            ));
        }
        Ok(())
    }

    /// Whether the desired-state tool `kind` is in the scope: none when the
    /// caller narrows to some endpoints, `sitehost_apply` not when
    /// read-only.
    fn admits_state(&self, kind: Kind) -> Result<(), String> {
        if !self.tools.is_empty() {
            return Err("the desired-state tools are not among the tools this caller chose".into());
        }
        if self.read_only && matches!(kind, Kind::Apply) {
            return Err(format!(
                "`{}` changes things and this caller is read-only",
                state::APPLY
            ));
        }
        Ok(())
    }
}

/// A tool as listed, with what it is.
struct Listed {
    tool: Tool,
    kind: Kind,
}

/// The tools the server's flags allow, built once.
pub struct Catalog {
    /// The server's ceilings.
    pub options: Options,
    /// The endpoints served, with their tools (for `--dynamic`'s describe).
    served: Vec<(Entry, Tool)>,
    /// The tools listed, in order.
    listed: Vec<Listed>,
    /// A name's place in `listed`, or in `served` for `--dynamic`.
    by_name: HashMap<&'static str, Kind>,
}

impl Catalog {
    /// The tools `options` allow.
    pub fn new(options: Options) -> Catalog {
        let mut served = Vec::new();
        for entry in entries() {
            if allowed(&options, entry.effect()) && selected(&options.tools, entry.endpoint.path) {
                served.push((entry, tools::endpoint_tool(&entry, options.max_items)));
            }
        }
        let mut listed: Vec<Listed> = if options.dynamic {
            tools::dynamic_tools(&options)
                .into_iter()
                .zip([Kind::Search, Kind::Describe, Kind::Call])
                .map(|(tool, kind)| Listed { tool, kind })
                .collect()
        } else {
            let mut listed: Vec<Listed> = served
                .iter()
                .map(|(entry, tool)| Listed {
                    tool: tool.clone(),
                    kind: Kind::Endpoint(*entry),
                })
                .collect();
            if served.iter().any(|(e, _)| e.endpoint.job.is_some()) {
                listed.push(Listed {
                    tool: tools::job_wait_tool(),
                    kind: Kind::JobWait,
                });
            }
            listed
        };
        for tool in state::tools(&options) {
            let kind = if tool.name == state::PLAN {
                Kind::Plan
            } else {
                Kind::Apply
            };
            listed.push(Listed { tool, kind });
        }
        let mut by_name: HashMap<&'static str, Kind> = HashMap::new();
        for (entry, _) in &served {
            by_name.insert(entry.tool_name(), Kind::Endpoint(*entry));
        }
        for (name, kind) in [
            (JOB_WAIT, Kind::JobWait),
            (SEARCH, Kind::Search),
            (DESCRIBE, Kind::Describe),
            (CALL, Kind::Call),
            (state::PLAN, Kind::Plan),
            (state::APPLY, Kind::Apply),
        ] {
            if listed.iter().any(|l| l.tool.name == name) {
                by_name.insert(name, kind);
            }
        }
        Catalog {
            options,
            served,
            listed,
            by_name,
        }
    }

    /// The tools listed to a caller with this scope.
    pub fn tools(&self, scope: &Scope) -> Vec<Tool> {
        self.listed
            .iter()
            .filter(|l| self.in_scope(l.kind, scope).is_ok())
            .map(|l| l.tool.clone())
            .collect()
    }

    /// What the tool `name` is, for a caller with this scope; why it is
    /// refused otherwise. Its arguments are checked against its input
    /// schema.
    pub fn lookup(
        &self,
        name: &str,
        scope: &Scope,
        arguments: &Map<String, Value>,
    ) -> Result<Kind, String> {
        let kind = match self.by_name.get(name) {
            // `--dynamic` serves endpoints through its call tool only.
            Some(Kind::Endpoint(_)) if self.options.dynamic => {
                return Err(format!("there is no tool named `{name}`"));
            }
            Some(kind) => *kind,
            None => return Err(self.refusal(name)),
        };
        self.in_scope(kind, scope)?;
        // An endpoint's arguments are read by the codec first, whose words
        // say more (see `Catalog::check`).
        if let Kind::Endpoint(_) = kind {
            return Ok(kind);
        }
        if let Some(listed) = self.listed.iter().find(|l| l.tool.name == name) {
            check::arguments(&listed.tool.input_schema, arguments)
                .map_err(|e| format!("invalid arguments: {e}"))?;
        }
        Ok(kind)
    }

    /// Checks an endpoint tool's arguments against its input schema.
    pub fn check(&self, entry: &Entry, arguments: &Map<String, Value>) -> Result<(), String> {
        match self
            .served
            .iter()
            .find(|(e, _)| e.tool_name() == entry.tool_name())
        {
            Some((_, tool)) => check::arguments(&tool.input_schema, arguments)
                .map_err(|e| format!("invalid arguments: {e}")),
            None => Err(self.refusal(entry.tool_name())),
        }
    }

    /// The endpoint `name` as `--dynamic`'s call and describe tools reach
    /// it, with its tool, for a caller with this scope.
    pub fn endpoint(&self, name: &str, scope: &Scope) -> Result<&(Entry, Tool), String> {
        let found = self.served.iter().find(|(e, _)| e.tool_name() == name);
        let found = found.ok_or_else(|| self.refusal(name))?;
        scope.admits(&found.0)?;
        Ok(found)
    }

    /// The endpoints served to a caller with this scope.
    pub fn served<'a>(&'a self, scope: &'a Scope) -> impl Iterator<Item = &'a (Entry, Tool)> {
        self.served
            .iter()
            .filter(move |(e, _)| scope.admits(e).is_ok())
    }

    fn in_scope(&self, kind: Kind, scope: &Scope) -> Result<(), String> {
        match kind {
            Kind::Endpoint(entry) => scope.admits(&entry),
            Kind::Plan | Kind::Apply => scope.admits_state(kind),
            // Waits for a job any served endpoint may have started.
            Kind::JobWait => match self.served(scope).any(|(e, _)| e.endpoint.job.is_some()) {
                true => Ok(()),
                false => Err(format!("`{JOB_WAIT}` serves no endpoint of this caller")),
            },
            Kind::Search | Kind::Describe | Kind::Call => Ok(()),
        }
    }

    /// Why the tool `name` is not served by this server.
    pub fn refusal(&self, name: &str) -> String {
        if name == state::APPLY && self.by_name.contains_key(state::PLAN) {
            return "`sitehost_apply` changes things and is not served: start the server with \
                    --allow-write"
                .to_owned();
        }
        match entries().into_iter().find(|e| e.tool_name() == name) {
            Some(e) if !allowed(&self.options, e.effect()) => format!(
                "`{name}` {} and is not served: start the server with {}",
                match e.effect() {
                    Effect::Destructive => "deletes, revokes or replaces things",
                    _ => "changes things",
                },
                match e.effect() {
                    Effect::Destructive => "--allow-destructive",
                    _ => "--allow-write",
                }
            ),
            Some(_) => format!("`{name}` is not among the tools chosen with --tools"),
            None => format!("there is no tool named `{name}`"),
        }
    }
}

fn allowed(options: &Options, effect: Effect) -> bool {
    match effect {
        Effect::Read => true,
        Effect::Write => options.allow_write || options.allow_destructive,
        Effect::Destructive => options.allow_destructive,
    }
}

/// Whether one of `globs` matches the API path (all do when there are
/// none).
fn selected(globs: &[String], path: &str) -> bool {
    let path = path.trim_start_matches('/');
    globs.is_empty()
        || globs
            .iter()
            .any(|g| glob_match(g.trim_start_matches('/'), path))
}

/// Whether `glob` (`*` any text, `?` one character) matches all of `text`.
pub fn glob_match(glob: &str, text: &str) -> bool {
    let (g, t): (Vec<char>, Vec<char>) = (glob.chars().collect(), text.chars().collect());
    let (mut gi, mut ti) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        if gi < g.len() && (g[gi] == '?' || g[gi] == t[ti]) {
            gi += 1;
            ti += 1;
        } else if gi < g.len() && g[gi] == '*' {
            star = Some((gi, ti));
            gi += 1;
        } else if let Some((sg, st)) = star {
            gi = sg + 1;
            ti = st + 1;
            star = Some((sg, st + 1));
        } else {
            return false;
        }
    }
    g[gi..].iter().all(|c| *c == '*')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs_match_paths() {
        assert!(glob_match("dns/*", "dns/list_records"));
        assert!(glob_match(
            "cloud/stack/*",
            "cloud/stack/ssl/lets_encrypt/renew"
        ));
        assert!(glob_match("*list*", "server/list_servers"));
        assert!(glob_match("ssh/key/get", "ssh/key/get"));
        assert!(glob_match("ssh/key/?et", "ssh/key/get"));
        assert!(!glob_match("dns/*", "server/get_server"));
        assert!(!glob_match("ssh/key/get", "ssh/key/get_all"));
    }

    #[test]
    fn a_scope_narrows_and_never_widens() {
        let catalog = Catalog::new(Options::default());
        let read_only = Scope {
            read_only: true,
            tools: Vec::new(),
        };
        assert_eq!(
            catalog.tools(&Scope::default()).len(),
            catalog.tools(&read_only).len()
        );
        let dns = Scope {
            read_only: false,
            tools: vec!["dns/*".to_owned()],
        };
        let names: Vec<String> = catalog
            .tools(&dns)
            .iter()
            .map(|t| t.name.to_string())
            .collect();
        assert!(names.iter().all(|n| n.starts_with("dns_")), "{names:?}");
        assert!(!names.is_empty());
        let no = Map::new();
        let refused = catalog.lookup("dns_delete_record", &Scope::default(), &no);
        assert!(refused.unwrap_err().contains("--allow-destructive"));
    }
}
