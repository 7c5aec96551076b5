//! The server: which endpoints are served (effect and `--tools`), the tools
//! listed, and which tool a call is for.

use super::tools::{self, CALL, DESCRIBE, JOB_WAIT, SEARCH};
use crate::endpoints::{Entry, entries};
use rmcp::model::{
    CallToolRequestParams, CallToolResponse, CallToolResult, Implementation, ListToolsResult,
    PaginatedRequestParams, ServerCapabilities, ServerConfig, Tool,
};
use rmcp::service::RequestContext;
use rmcp::{ErrorData, RoleServer, ServerHandler};
use serde_json::{Map, Value};
use sitehost::{Client, Effect};
use std::time::Duration;

/// What the server offers.
#[derive(Debug, Clone)]
pub struct Options {
    /// Serve the endpoints that write.
    pub allow_write: bool,
    /// Serve the endpoints that delete, revoke or replace (and those that
    /// write).
    pub allow_destructive: bool,
    /// Serve only the endpoints whose API path (`dns/list_records`) one of
    /// these globs matches (`*` any text, `?` one character); all if empty.
    pub tools: Vec<String>,
    /// Three tools (search, describe, call) instead of one per endpoint.
    pub dynamic: bool,
    /// The longest a `wait` may take.
    pub wait_timeout: Duration,
    /// The most items `all` returns.
    pub max_items: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            allow_write: false,
            allow_destructive: false,
            tools: Vec::new(),
            dynamic: false,
            wait_timeout: Duration::from_secs(600),
            max_items: 1000,
        }
    }
}

/// The MCP server: the served endpoints with their tools, and a client.
pub struct Server {
    pub(super) client: Client,
    pub(super) options: Options,
    pub(super) served: Vec<(Entry, Tool)>,
    tools: Vec<Tool>,
}

impl Server {
    /// A server whose client is configured from `SH_API_KEY`, `SH_API_URL`,
    /// `SH_CLIENT_ID` and `SH_MAX_RPS`.
    ///
    /// # Errors
    ///
    /// Without `SH_API_KEY`, or with settings the client refuses.
    pub fn from_env(options: Options) -> Result<Server, String> {
        let client = Client::from_env().map_err(|e| e.to_string())?;
        Ok(Server::new(client, options))
    }

    /// A server that calls the API with `client` (whose client ID, if any,
    /// is the default of the account's parameter).
    pub fn new(client: Client, options: Options) -> Server {
        let mut served = Vec::new();
        for entry in entries() {
            if allowed(&options, entry.effect()) && selected(&options, entry.endpoint.path) {
                let tool =
                    tools::endpoint_tool(&entry, client.client_id().is_some(), options.max_items);
                served.push((entry, tool));
            }
        }
        let mut tools = if options.dynamic {
            tools::dynamic_tools(&options)
        } else {
            let mut tools: Vec<Tool> = served.iter().map(|(_, t)| t.clone()).collect();
            if served.iter().any(|(e, _)| e.endpoint.job.is_some()) {
                tools.push(tools::job_wait_tool());
            }
            tools
        };
        tools.extend(super::state::tools(&options));
        Server {
            client,
            options,
            served,
            tools,
        }
    }

    /// The tools listed to clients.
    pub fn tools(&self) -> &[Tool] {
        &self.tools
    }

    /// Calls the tool `name` with `arguments`, as a client's `tools/call`
    /// does (progress notifications, where asked for, through `context`).
    pub async fn call(
        &self,
        name: &str,
        arguments: Map<String, Value>,
        context: Option<&RequestContext<RoleServer>>,
    ) -> CallToolResult {
        if super::state::serves(&self.options, name) {
            return self.state_tool(name, &arguments).await;
        }
        if name == super::state::APPLY && super::state::serves(&self.options, super::state::PLAN) {
            return super::calls::failure(
                "`sitehost_apply` changes things and is not served: start the server with \
                 --allow-write",
            );
        }
        if self.options.dynamic {
            return match name {
                SEARCH => self.search(&arguments),
                DESCRIBE => self.describe_endpoint(&arguments),
                CALL => self.call_named(&arguments, context).await,
                _ => super::calls::failure(&format!("there is no tool named `{name}`")),
            };
        }
        if name == JOB_WAIT {
            return self.job_wait(&arguments, context).await;
        }
        match self.served(name) {
            Some((entry, _)) => self.call_endpoint(entry, arguments, context).await,
            None => super::calls::failure(&self.refusal(name)),
        }
    }

    /// `--dynamic`'s call tool: the endpoint named in `name`, with
    /// `arguments`.
    async fn call_named(
        &self,
        arguments: &Map<String, Value>,
        context: Option<&RequestContext<RoleServer>>,
    ) -> CallToolResult {
        use super::calls::failure;
        let Some(target) = arguments.get("name").and_then(Value::as_str) else {
            return failure("`name` must be the name of an endpoint");
        };
        let inner = match arguments.get("arguments") {
            None | Some(Value::Null) => Map::new(),
            Some(Value::Object(o)) => o.clone(),
            Some(_) => return failure("`arguments` must be an object"),
        };
        match self.served(target) {
            Some((entry, _)) => self.call_endpoint(entry, inner, context).await,
            None => failure(&self.refusal(target)),
        }
    }

    pub(super) fn served(&self, name: &str) -> Option<&(Entry, Tool)> {
        self.served.iter().find(|(e, _)| e.tool_name() == name)
    }

    /// Why an endpoint of this tool name is not served, if it exists.
    pub(super) fn refusal(&self, name: &str) -> String {
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

impl ServerHandler for Server {
    fn get_info(&self) -> ServerConfig {
        ServerConfig::new(ServerCapabilities::builder().enable_tools().build())
            .with_server_info(Implementation::new("sitehost", env!("CARGO_PKG_VERSION")))
            .with_instructions(
                "The SiteHost hosting API: one tool per endpoint, named after its API path \
                 (dns_list_records is /dns/list_records). Tools that start a job take `wait`; \
                 paged lists take `all`.",
            )
    }

    async fn list_tools(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> Result<ListToolsResult, ErrorData> {
        Ok(ListToolsResult::with_all_items(self.tools.clone()))
    }

    async fn call_tool(
        &self,
        request: CallToolRequestParams,
        context: RequestContext<RoleServer>,
    ) -> Result<CallToolResponse, ErrorData> {
        let arguments = request.arguments.unwrap_or_default();
        Ok(self
            .call(&request.name, arguments, Some(&context))
            .await
            .into())
    }
}

fn allowed(options: &Options, effect: Effect) -> bool {
    match effect {
        Effect::Read => true,
        Effect::Write => options.allow_write || options.allow_destructive,
        Effect::Destructive => options.allow_destructive,
    }
}

fn selected(options: &Options, path: &str) -> bool {
    let path = path.trim_start_matches('/');
    options.tools.is_empty()
        || options
            .tools
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
}
