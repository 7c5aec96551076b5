//! The server: the catalog of tools, the caller of each request, and the
//! call of a tool for that caller.

use super::calls::failure;
use super::catalog::{Catalog, Kind, Scope};
use rmcp::model::{
    CallToolRequestParams, CallToolResponse, CallToolResult, Implementation, ListToolsResult,
    PaginatedRequestParams, ServerCapabilities, ServerConfig, Tool,
};
use rmcp::service::RequestContext;
use rmcp::{ErrorData, RoleServer, ServerHandler};
use serde_json::{Map, Value};
use sitehost::Client;
use std::sync::{Arc, OnceLock};
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

/// Who a request acts for: the client its API calls use (the one from the
/// environment over stdio, the bearer's over HTTP) and what the caller
/// narrowed the server's tools to.
#[derive(Clone)]
pub struct Caller {
    /// The client API calls use.
    pub client: Client,
    /// The caller's narrowing of the server's tools.
    pub scope: Scope,
    /// What the request's tool call came to, for the access log.
    pub outcome: Arc<OnceLock<Outcome>>,
}

/// What a tool call came to.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// The tool called.
    pub tool: String,
    /// Whether the result is a tool error.
    pub is_error: bool,
}

impl Caller {
    /// A caller acting with `client`, narrowed to `scope`.
    pub fn new(client: Client, scope: Scope) -> Caller {
        Caller {
            client,
            scope,
            outcome: Arc::default(),
        }
    }
}

/// The MCP server: the tool catalog, built once, and either the one caller
/// of a stdio session or callers resolved per request (HTTP).
#[derive(Clone)]
pub struct Server {
    pub(super) catalog: Arc<Catalog>,
    caller: Option<Caller>,
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

    /// A server that calls the API with `client` (whose account is the
    /// default of the account's parameter).
    pub fn new(client: Client, options: Options) -> Server {
        Server {
            catalog: Arc::new(Catalog::new(options)),
            caller: Some(Caller::new(client, Scope::default())),
        }
    }

    /// A server whose caller each request brings (in its HTTP request's
    /// extensions, as [`Caller`]).
    pub fn per_request(catalog: Arc<Catalog>) -> Server {
        Server {
            catalog,
            caller: None,
        }
    }

    /// The tools listed to the server's own caller (all the flags allow).
    pub fn tools(&self) -> Vec<Tool> {
        self.catalog.tools(&Scope::default())
    }

    /// Calls the tool `name` with `arguments` as the server's own caller,
    /// as a client's `tools/call` does (progress notifications, where asked
    /// for, through `context`).
    pub async fn call(
        &self,
        name: &str,
        arguments: Map<String, Value>,
        context: Option<&RequestContext<RoleServer>>,
    ) -> CallToolResult {
        match &self.caller {
            Some(caller) => self.call_as(caller, name, arguments, context).await,
            None => failure("no caller: this server serves HTTP requests only"),
        }
    }

    /// Calls the tool `name` with `arguments` for `caller`.
    pub async fn call_as(
        &self,
        caller: &Caller,
        name: &str,
        arguments: Map<String, Value>,
        context: Option<&RequestContext<RoleServer>>,
    ) -> CallToolResult {
        let kind = match self.catalog.lookup(name, &caller.scope, &arguments) {
            Ok(kind) => kind,
            Err(why) => return failure(&why),
        };
        match kind {
            Kind::Endpoint(entry) => self.call_endpoint(caller, &entry, arguments, context).await,
            Kind::JobWait => self.job_wait(caller, &arguments, context).await,
            Kind::Search => self.search(caller, &arguments),
            Kind::Describe => self.describe_endpoint(caller, &arguments),
            Kind::Call => self.call_named(caller, &arguments, context).await,
            Kind::Plan | Kind::Apply => self.state_tool(caller, name, &arguments).await,
        }
    }

    /// `--dynamic`'s call tool: the endpoint named in `name`, with
    /// `arguments`.
    async fn call_named(
        &self,
        caller: &Caller,
        arguments: &Map<String, Value>,
        context: Option<&RequestContext<RoleServer>>,
    ) -> CallToolResult {
        let Some(target) = arguments.get("name").and_then(Value::as_str) else {
            return failure("`name` must be the name of an endpoint");
        };
        let inner = match arguments.get("arguments") {
            None | Some(Value::Null) => Map::new(),
            Some(Value::Object(o)) => o.clone(),
            Some(_) => return failure("`arguments` must be an object"),
        };
        let (entry, _) = match self.catalog.endpoint(target, &caller.scope) {
            Ok(found) => found,
            Err(why) => return failure(&why),
        };
        self.call_endpoint(caller, entry, inner, context).await
    }

    /// A destructive endpoint's call confirmed by the user, where a stdio
    /// session's client can be asked (see [`super::confirm`]).
    pub(super) async fn confirmed(
        &self,
        entry: &crate::endpoints::Entry,
        arguments: &Map<String, Value>,
        context: Option<&RequestContext<RoleServer>>,
    ) -> Result<(), String> {
        if entry.effect() != sitehost::Effect::Destructive || self.caller.is_none() {
            return Ok(());
        }
        super::confirm::destructive(context, entry.tool_name(), arguments).await
    }

    /// The caller of a request: the server's own, or the one its HTTP
    /// request carries.
    fn caller_of(&self, context: &RequestContext<RoleServer>) -> Option<Caller> {
        if let Some(caller) = &self.caller {
            return Some(caller.clone());
        }
        context
            .extensions
            .get::<http::request::Parts>()
            .and_then(|parts| parts.extensions.get::<Caller>())
            .cloned()
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
        context: RequestContext<RoleServer>,
    ) -> Result<ListToolsResult, ErrorData> {
        let scope = self
            .caller_of(&context)
            .map(|c| c.scope)
            .unwrap_or_default();
        Ok(ListToolsResult::with_all_items(self.catalog.tools(&scope)))
    }

    async fn call_tool(
        &self,
        request: CallToolRequestParams,
        context: RequestContext<RoleServer>,
    ) -> Result<CallToolResponse, ErrorData> {
        let arguments = request.arguments.unwrap_or_default();
        let Some(caller) = self.caller_of(&context) else {
            return Ok(failure("no caller: the request carries no key").into());
        };
        let result = self
            .call_as(&caller, &request.name, arguments, Some(&context))
            .await;
        let _ = caller.outcome.set(Outcome {
            tool: request.name.to_string(),
            is_error: result.is_error == Some(true),
        });
        Ok(result.into())
    }
}
