//! The tools: which endpoints are served (effect and `--tools`), what each
//! tool says of itself, and what calling one does.

use super::{args, schema};
use crate::describe::{Entry, entries};
use rmcp::model::{
    CallToolRequestParams, CallToolResponse, CallToolResult, ContentBlock, Implementation,
    ListToolsResult, PaginatedRequestParams, ProgressNotificationParam, ServerCapabilities,
    ServerConfig, Tool, ToolAnnotations,
};
use rmcp::service::RequestContext;
use rmcp::{ErrorData, RoleServer, ServerHandler};
use serde_json::{Map, Value, json};
use sitehost::{Client, Effect, Error, Job, JobProgress, JobType, Returns};
use std::sync::Arc;
use std::time::Duration;

/// The tool that waits for a job by its ID.
pub const JOB_WAIT: &str = "sitehost_job_wait";
/// `--dynamic`: finds endpoints by words.
pub const SEARCH: &str = "sitehost_search_endpoints";
/// `--dynamic`: one endpoint's schemas and annotations.
pub const DESCRIBE: &str = "sitehost_describe_endpoint";
/// `--dynamic`: calls one endpoint.
pub const CALL: &str = "sitehost_call_endpoint";

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
    client: Client,
    options: Options,
    served: Vec<(Entry, Tool)>,
    tools: Vec<Tool>,
}

impl Server {
    /// A server whose client is configured from `SH_API_KEY`, `SH_API_URL`
    /// and `SH_CLIENT_ID`.
    ///
    /// # Errors
    ///
    /// Without `SH_API_KEY`, or with settings the client refuses.
    pub fn from_env(options: Options) -> Result<Server, String> {
        let client = Client::from_env().map_err(|e| e.to_string())?;
        Ok(Server::new(client, options))
    }

    /// A server that calls the API with `client` (whose client ID, if any,
    /// is the default `client_id`).
    pub fn new(client: Client, options: Options) -> Server {
        let mut served = Vec::new();
        for entry in entries() {
            if allowed(&options, entry.effect()) && selected(&options, entry.endpoint.path) {
                let tool = endpoint_tool(&entry, client.client_id().is_some(), options.max_items);
                served.push((entry, tool));
            }
        }
        let tools = if options.dynamic {
            dynamic_tools(&options)
        } else {
            let mut tools: Vec<Tool> = served.iter().map(|(_, t)| t.clone()).collect();
            if served.iter().any(|(e, _)| e.endpoint.job.is_some()) {
                tools.push(job_wait_tool());
            }
            tools
        };
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

    fn served(&self, name: &str) -> Option<&(Entry, Tool)> {
        self.served.iter().find(|(e, _)| e.tool_name() == name)
    }

    /// Why an endpoint of this tool name is not served, if it exists.
    fn refusal(&self, name: &str) -> String {
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

    async fn call(
        &self,
        name: &str,
        arguments: Map<String, Value>,
        context: &RequestContext<RoleServer>,
    ) -> CallToolResult {
        if self.options.dynamic {
            return match name {
                SEARCH => self.search(&arguments),
                DESCRIBE => self.describe(&arguments),
                CALL => {
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
                _ => failure(&format!("there is no tool named `{name}`")),
            };
        }
        if name == JOB_WAIT {
            return self.job_wait(&arguments, context).await;
        }
        match self.served(name) {
            Some((entry, _)) => self.call_endpoint(entry, arguments, context).await,
            None => failure(&self.refusal(name)),
        }
    }

    async fn call_endpoint(
        &self,
        entry: &Entry,
        mut arguments: Map<String, Value>,
        context: &RequestContext<RoleServer>,
    ) -> CallToolResult {
        let endpoint = entry.endpoint;
        let flag = |arguments: &mut Map<String, Value>, name: &str| match arguments.remove(name) {
            None | Some(Value::Null) => Ok(false),
            Some(Value::Bool(b)) => Ok(b),
            Some(_) => Err(format!("invalid arguments: `{name}` must be true or false")),
        };
        let (wait, all) = match (
            endpoint
                .job
                .map_or(Ok(false), |_| flag(&mut arguments, schema::WAIT)),
            endpoint
                .paging
                .map_or(Ok(false), |_| flag(&mut arguments, schema::ALL)),
        ) {
            (Ok(wait), Ok(all)) => (wait, all),
            (Err(e), _) | (_, Err(e)) => return failure(&e),
        };
        let mut max_items = self.options.max_items;
        if endpoint.paging.is_some() {
            match arguments.remove(schema::MAX_ITEMS) {
                None | Some(Value::Null) => {}
                Some(Value::Number(n)) if n.as_u64().is_some_and(|n| n >= 1) => {
                    max_items = max_items.min(n.as_u64().unwrap_or(1) as usize);
                }
                Some(_) => {
                    return failure(&format!(
                        "invalid arguments: `{}` must be a whole number from 1",
                        schema::MAX_ITEMS
                    ));
                }
            }
        }
        if let Some(id) = self.client.client_id()
            && endpoint.params.iter().any(|p| p.name == "client_id")
            && !arguments.contains_key("client_id")
        {
            arguments.insert("client_id".to_owned(), json!(id));
        }
        let fields = match args::wire_fields(endpoint.params, &arguments) {
            Ok(fields) => fields,
            Err(e) => return failure(&format!("invalid arguments: {e}")),
        };
        if all && let Some(paging) = endpoint.paging {
            return self
                .all_pages(entry, paging.number, arguments, max_items)
                .await;
        }
        let value = match self.client.send_fields(endpoint, &fields).await {
            Ok(value) => value,
            Err(e) => return failure(&e.to_string()),
        };
        if let Some(job_type) = endpoint.job {
            let Some(job) = Job::from_return(&value, job_type) else {
                return failure(&format!("the response names no job: {value}"));
            };
            let mut out = Map::new();
            out.insert("job".to_owned(), job_json(&job));
            if let Some(returns) = says_more(endpoint.returns) {
                match returns.normalize(&value) {
                    Ok(response) => out.insert("response".to_owned(), response),
                    Err(e) => return failure(&undocumented(&e)),
                };
            }
            if wait {
                return self.wait(job, out, context).await;
            }
            return success(Value::Object(out), true);
        }
        if endpoint.paging.is_some() {
            let normalized = match endpoint.returns {
                Some(returns) => returns.normalize(&value),
                None => Ok(value),
            };
            return match normalized {
                Ok(page) => success(page_json(&page), true),
                Err(e) => failure(&undocumented(&e)),
            };
        }
        match endpoint.returns {
            Some(returns) => match returns.normalize(&value) {
                Ok(value) => success(wrap(returns, value), true),
                Err(e) => failure(&undocumented(&e)),
            },
            None => success(value, false),
        }
    }

    async fn all_pages(
        &self,
        entry: &Entry,
        number: &str,
        arguments: Map<String, Value>,
        max_items: usize,
    ) -> CallToolResult {
        let endpoint = entry.endpoint;
        let path: Vec<&str> = number
            .split('[')
            .map(|part| part.trim_end_matches(']'))
            .collect();
        let collected = crate::pages::collect(
            |page| {
                let mut arguments = Value::Object(arguments.clone());
                set_path(&mut arguments, &path, json!(page));
                let fields = arguments
                    .as_object()
                    .map(|a| args::wire_fields(endpoint.params, a))
                    .unwrap_or_else(|| Ok(Vec::new()));
                async move {
                    let fields = fields?;
                    self.client
                        .send_fields(endpoint, &fields)
                        .await
                        .map_err(|e| e.to_string())
                }
            },
            max_items,
        )
        .await;
        let collected = match collected {
            Ok(collected) => collected,
            Err(e) => return failure(&e),
        };
        let items = match endpoint.returns {
            Some(returns) => {
                match Returns::List(returns.shape()).normalize(&Value::Array(collected.items)) {
                    Ok(items) => items,
                    Err(e) => return failure(&undocumented(&e)),
                }
            }
            None => Value::Array(collected.items),
        };
        success(
            json!({"items": items, "total_items": collected.total, "current_page": null,
                   "total_pages": null, "truncated": collected.truncated}),
            true,
        )
    }

    async fn job_wait(
        &self,
        arguments: &Map<String, Value>,
        context: &RequestContext<RoleServer>,
    ) -> CallToolResult {
        let Some(id) = arguments.get("id").and_then(Value::as_i64) else {
            return failure("invalid arguments: `id` must be the job's ID, an integer");
        };
        let job_type = match arguments.get("type").and_then(Value::as_str) {
            Some(t) => match JobType::parse(t) {
                Some(t) => t,
                None => return failure("invalid arguments: `type` must be daemon or scheduler"),
            },
            None => return failure("invalid arguments: `type` is required"),
        };
        let job = Job { id, job_type };
        let mut out = Map::new();
        out.insert("job".to_owned(), job_json(&job));
        self.wait(job, out, context).await
    }

    /// Waits for `job`, sending a progress notification for each poll where
    /// the client asked for them, and returns `out` with the final state.
    async fn wait(
        &self,
        job: Job,
        mut out: Map<String, Value>,
        context: &RequestContext<RoleServer>,
    ) -> CallToolResult {
        let mut options = self.client.config().job_wait;
        options.timeout = options.timeout.min(self.options.wait_timeout);
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<(u32, String)>();
        let forwarder = context.meta.get_progress_token().map(|token| {
            let peer = context.peer.clone();
            tokio::spawn(async move {
                while let Some((n, state)) = rx.recv().await {
                    let note = ProgressNotificationParam::new(token.clone(), f64::from(n))
                        .with_message(format!("job {}: {state}", job.id));
                    let _ = peer.notify_progress(note).await;
                }
            })
        });
        let mut polls = 0u32;
        let result = self
            .client
            .wait_for_job_watching(&job, &options, |status| {
                polls += 1;
                let _ = tx.send((polls, status.state().to_owned()));
            })
            .await;
        drop(tx);
        if let Some(forwarder) = forwarder {
            let _ = forwarder.await;
        }
        let (status, failed) = match result {
            Ok(status) => (status, None),
            Err(Error::JobFailed {
                status, message, ..
            }) => (*status, Some(message)),
            Err(e) => return failure(&e.to_string()),
        };
        let message = status.message().or(status.last_log());
        out.insert("state".to_owned(), json!(status.state()));
        out.insert("message".to_owned(), json!(message));
        out.insert("logs".to_owned(), json!(status.log_messages()));
        match failed {
            None => success(Value::Object(out), true),
            Some(why) => {
                let text = format!(
                    "job {} failed: {}\n{}",
                    job.id,
                    why.as_deref().unwrap_or("no message"),
                    Value::Object(out)
                );
                failure(&text)
            }
        }
    }

    fn search(&self, arguments: &Map<String, Value>) -> CallToolResult {
        let Some(query) = arguments.get("query").and_then(Value::as_str) else {
            return failure("invalid arguments: `query` must be text");
        };
        let words: Vec<String> = query
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect();
        let found: Vec<Value> = self
            .served
            .iter()
            .filter(|(entry, _)| {
                let text = format!(
                    "{} {} {}",
                    entry.endpoint.path,
                    entry.tool_name(),
                    entry.text()
                )
                .to_lowercase();
                words.iter().all(|w| text.contains(w.as_str()))
            })
            .map(|(entry, _)| {
                json!({"name": entry.tool_name(), "path": entry.endpoint.path,
                       "summary": entry.doc.summary, "effect": entry.effect().as_str()})
            })
            .collect();
        success(json!({"endpoints": found}), true)
    }

    fn describe(&self, arguments: &Map<String, Value>) -> CallToolResult {
        let Some(name) = arguments.get("name").and_then(Value::as_str) else {
            return failure("invalid arguments: `name` must be the name of an endpoint");
        };
        match self.served(name) {
            Some((_, tool)) => success(json!({"tool": tool}), true),
            None => failure(&self.refusal(name)),
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
        Ok(self.call(&request.name, arguments, &context).await.into())
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

/// The endpoint's tool, from its description.
fn endpoint_tool(entry: &Entry, client_id_default: bool, max_items: usize) -> Tool {
    let endpoint = entry.endpoint;
    let effect = entry.effect();
    let description = format!(
        "{}\n\n`{} /{}{}.json`; {}.",
        entry.text(),
        endpoint.method,
        endpoint.version,
        endpoint.path,
        match effect {
            Effect::Read => "changes nothing",
            Effect::Write => "changes things",
            Effect::Destructive => "deletes, revokes or replaces things, or stops a machine",
        }
    );
    let input = schema::input(entry, client_id_default, max_items);
    let mut tool = Tool::new(entry.tool_name(), description, Arc::new(input));
    let output = if endpoint.job.is_some() {
        Some(schema::job(says_more(endpoint.returns)))
    } else if endpoint.paging.is_some() {
        let items = endpoint
            .returns
            .map(|r| schema::output(Returns::One(r.shape())))
            .map_or(json!({}), Value::Object);
        Some(schema::page(items))
    } else {
        endpoint.returns.map(schema::output)
    };
    tool.output_schema = output.map(Arc::new);
    tool.annotations = Some(
        ToolAnnotations::with_title(entry.doc.summary)
            .read_only(effect == Effect::Read)
            .destructive(effect == Effect::Destructive)
            .idempotent(effect == Effect::Read)
            .open_world(true),
    );
    tool
}

fn job_wait_tool() -> Tool {
    let input = json!({"type": "object", "properties": {
        "id": {"type": "integer", "description": "The job's ID, as the call that started it gave it."},
        "type": {"type": "string", "enum": ["daemon", "scheduler"], "description": "The job's type."}},
        "required": ["id", "type"], "additionalProperties": false});
    let mut tool = Tool::new(
        JOB_WAIT,
        "Wait for a job the API started to finish (with progress notifications), and return \
         its final state and log.",
        Arc::new(input.as_object().cloned().unwrap_or_default()),
    );
    tool.output_schema = Some(Arc::new(schema::job(None)));
    tool.annotations = Some(
        ToolAnnotations::with_title("Wait for a job")
            .read_only(true)
            .destructive(false)
            .idempotent(true)
            .open_world(true),
    );
    tool
}

fn dynamic_tools(options: &Options) -> Vec<Tool> {
    let object = |v: Value| Arc::new(v.as_object().cloned().unwrap_or_default());
    let annotate = |title: &str, read_only: bool, destructive: bool| {
        ToolAnnotations::with_title(title)
            .read_only(read_only)
            .destructive(destructive)
            .idempotent(read_only)
            .open_world(true)
    };
    let mut search = Tool::new(
        SEARCH,
        "Find the SiteHost API endpoints this server offers by words of their path or \
         summary (`dns record`, `stack restart`); returns their tool names.",
        object(
            json!({"type": "object", "properties": {"query": {"type": "string",
            "description": "Words that must all appear."}}, "required": ["query"],
            "additionalProperties": false}),
        ),
    );
    search.annotations = Some(annotate("Search endpoints", true, false));
    let mut describe = Tool::new(
        DESCRIBE,
        "Describe one endpoint: its tool definition, with the input schema its arguments \
         must follow, its output schema and annotations.",
        object(
            json!({"type": "object", "properties": {"name": {"type": "string",
            "description": "The endpoint's tool name, such as dns_list_records."}},
            "required": ["name"], "additionalProperties": false}),
        ),
    );
    describe.annotations = Some(annotate("Describe an endpoint", true, false));
    let mut call = Tool::new(
        CALL,
        "Call one endpoint with arguments that follow its input schema (see \
         sitehost_describe_endpoint).",
        object(json!({"type": "object", "properties": {
            "name": {"type": "string", "description": "The endpoint's tool name."},
            "arguments": {"type": "object", "description": "The endpoint's arguments."}},
            "required": ["name"], "additionalProperties": false})),
    );
    let writes = options.allow_write || options.allow_destructive;
    call.annotations = Some(annotate(
        "Call an endpoint",
        !writes,
        options.allow_destructive,
    ));
    vec![search, describe, call]
}

/// The form of `return` beyond the job, for a job whose response says more.
fn says_more(returns: Option<Returns>) -> Option<Returns> {
    returns.filter(|r| {
        r.shape()
            .fields
            .iter()
            .any(|f| f.name != "job" && f.name != "job_id")
    })
}

fn job_json(job: &Job) -> Value {
    json!({"id": job.id, "type": job.job_type.as_str()})
}

/// A page's items and counts.
fn page_json(page: &Value) -> Value {
    json!({"items": page.get("data").cloned().unwrap_or(json!([])),
           "total_items": page.get("total_items"), "current_page": page.get("current_page"),
           "total_pages": page.get("total_pages"), "truncated": false})
}

/// Structured content is an object: a list goes under `items`.
fn wrap(returns: Returns, value: Value) -> Value {
    match returns {
        Returns::List(_) => json!({"items": value}),
        _ => value,
    }
}

/// Sets `value` at `path` of objects in `root`, making them as needed.
fn set_path(root: &mut Value, path: &[&str], value: Value) {
    let Some((last, parents)) = path.split_last() else {
        return;
    };
    let mut here = root;
    for part in parents {
        if !here.get(*part).is_some_and(Value::is_object) {
            here[*part] = json!({});
        }
        here = &mut here[*part];
    }
    here[*last] = value;
}

fn undocumented(why: &str) -> String {
    format!("the API's response does not have its documented shape: {why}")
}

fn success(value: Value, structured: bool) -> CallToolResult {
    let text = serde_json::to_string(&value).unwrap_or_default();
    let mut result = CallToolResult::success(vec![ContentBlock::text(text)]);
    if structured {
        result.structured_content = Some(value);
    }
    result
}

fn failure(text: &str) -> CallToolResult {
    CallToolResult::error(vec![ContentBlock::text(text)])
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
