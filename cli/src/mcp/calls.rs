//! What calling a tool does: the arguments are the request's value for the
//! codec ([`sitehost::wire`]), sent with `Client::send_value`; the result is
//! `return` read by the decoding policy, a page, or a job (waited for with
//! progress notifications when asked).

use super::schema;
use super::server::{Caller, Server};
use crate::endpoints::Entry;
use rmcp::RoleServer;
use rmcp::model::{CallToolResult, ContentBlock, ProgressNotificationParam};
use rmcp::service::RequestContext;
use serde_json::{Map, Value, json};
use sitehost::{Error, Job, JobProgress, JobType, Normalized};

/// The tool's own arguments, taken out of the endpoint's.
struct Extras {
    wait: bool,
    all: bool,
    max_items: usize,
}

impl Server {
    pub(super) async fn call_endpoint(
        &self,
        caller: &Caller,
        entry: &Entry,
        mut arguments: Map<String, Value>,
        context: Option<&RequestContext<RoleServer>>,
    ) -> CallToolResult {
        let endpoint = entry.endpoint;
        // Reported after the codec's words, which say more.
        let schema_check = self.catalog.check(entry, &arguments);
        let extras = match self.extras(entry, &mut arguments) {
            Ok(extras) => extras,
            Err(e) => return failure(&format!("invalid arguments: {e}")),
        };
        let client = &caller.client;
        if let Err(e) = client.fill_client_id(endpoint, &mut arguments, true).await {
            return failure(&e.to_string());
        }
        // Checked whole before anything is sent, page walks included.
        if let Err(e) = client.preview_value(endpoint, &arguments) {
            return failure(&format!("invalid arguments: {e}"));
        }
        if let Err(why) = schema_check {
            return failure(&why);
        }
        if let Err(why) = self.confirmed(entry, &arguments, context).await {
            return failure(&why);
        }
        if extras.all
            && let Some(paging) = endpoint.paging
        {
            return self
                .all_pages(caller, entry, paging.number, arguments, extras.max_items)
                .await;
        }
        let value = match client.send_value(endpoint, &arguments).await {
            Ok(value) => value,
            Err(e) => return failure(&e.to_string()),
        };
        if endpoint.job.is_some() {
            return self
                .started(caller, entry, &value, extras.wait, context)
                .await;
        }
        match endpoint.returns {
            Some(returns) if returns.paged => match returns.normalize(&value) {
                Ok(page) => success_with(page_json(&page.value), &page),
                Err(e) => failure(&undocumented(&e)),
            },
            Some(returns) => match returns.normalize(&value) {
                Ok(read) => success_with(schema::structured(returns, read.value.clone()), &read),
                Err(e) => failure(&undocumented(&e)),
            },
            None => success(value, false),
        }
    }

    /// Takes `wait`, `all` and `max_items` out of the arguments, where the
    /// endpoint has them.
    fn extras(&self, entry: &Entry, arguments: &mut Map<String, Value>) -> Result<Extras, String> {
        let endpoint = entry.endpoint;
        let mut flag = |name: &str, offered: bool| {
            if !offered {
                return Ok(false);
            }
            match arguments.remove(name) {
                None | Some(Value::Null) => Ok(false),
                Some(Value::Bool(b)) => Ok(b),
                Some(_) => Err(format!("`{name}` must be true or false")),
            }
        };
        let wait = flag(schema::WAIT, endpoint.job.is_some())?;
        let all = flag(schema::ALL, endpoint.paging.is_some())?;
        let mut max_items = self.catalog.options.max_items;
        if endpoint.paging.is_some() {
            match arguments.remove(schema::MAX_ITEMS) {
                None | Some(Value::Null) => {}
                Some(Value::Number(n)) if n.as_u64().is_some_and(|n| n >= 1) => {
                    let asked = usize::try_from(n.as_u64().unwrap_or(1)).unwrap_or(usize::MAX);
                    max_items = max_items.min(asked);
                }
                Some(_) => {
                    return Err(format!(
                        "`{}` must be a whole number from 1",
                        schema::MAX_ITEMS
                    ));
                }
            }
        }
        Ok(Extras {
            wait,
            all,
            max_items,
        })
    }

    /// The result of a call that started a job: the job, what the response
    /// says besides, and its end when waited for.
    async fn started(
        &self,
        caller: &Caller,
        entry: &Entry,
        value: &Value,
        wait: bool,
        context: Option<&RequestContext<RoleServer>>,
    ) -> CallToolResult {
        let job = match sitehost::job_in_return(entry.endpoint, value) {
            Ok(job) => job,
            Err(e) => return failure(&e.to_string()),
        };
        let mut out = Map::new();
        out.insert("job".to_owned(), job_json(&job));
        if let Some(returns) = super::tools::response_beyond_job(entry) {
            match returns.normalize(value) {
                Ok(response) => out.insert("response".to_owned(), response.value),
                Err(e) => return failure(&undocumented(&e)),
            };
        }
        if wait {
            return self.wait(caller, job, out, context).await;
        }
        success(Value::Object(out), true)
    }

    async fn all_pages(
        &self,
        caller: &Caller,
        entry: &Entry,
        number: sitehost::ParamPath,
        arguments: Map<String, Value>,
        max_items: usize,
    ) -> CallToolResult {
        let endpoint = entry.endpoint;
        let collected = sitehost::walk_pages(
            |page| {
                let mut arguments = arguments.clone();
                sitehost::wire::set(&mut arguments, number, Value::from(page));
                async move {
                    caller
                        .client
                        .send_value(endpoint, &arguments)
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
        let items = Value::Array(collected.items);
        let read = match endpoint.returns {
            Some(returns) => match returns.items().normalize(&items) {
                Ok(read) => read,
                Err(e) => return failure(&undocumented(&e)),
            },
            None => Normalized {
                value: items,
                deviations: Vec::new(),
            },
        };
        let out = json!({"items": read.value, "total_items": collected.total, "current_page": null,
                         "total_pages": null, "truncated": collected.truncated});
        success_with(out, &read)
    }

    pub(super) async fn job_wait(
        &self,
        caller: &Caller,
        arguments: &Map<String, Value>,
        context: Option<&RequestContext<RoleServer>>,
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
        self.wait(caller, job, out, context).await
    }

    /// Waits for `job`, sending a progress notification for each poll where
    /// the client asked for them, and returns `out` with the final state.
    async fn wait(
        &self,
        caller: &Caller,
        job: Job,
        mut out: Map<String, Value>,
        context: Option<&RequestContext<RoleServer>>,
    ) -> CallToolResult {
        let mut options = caller.client.config().job_wait;
        options.timeout = options.timeout.min(self.catalog.options.wait_timeout);
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<(u32, String)>();
        let token = context.and_then(|c| c.meta.get_progress_token().map(|t| (c, t)));
        let forwarder = token.map(|(context, token)| {
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
        let result = caller
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
            Some(why) => failure(&format!(
                "job {} failed: {}\n{}",
                job.id,
                why.as_deref().unwrap_or("no message"),
                Value::Object(out)
            )),
        }
    }

    pub(super) fn search(&self, caller: &Caller, arguments: &Map<String, Value>) -> CallToolResult {
        let Some(query) = arguments.get("query").and_then(Value::as_str) else {
            return failure("invalid arguments: `query` must be text");
        };
        let words: Vec<String> = query
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect();
        let found: Vec<Value> = self
            .catalog
            .served(&caller.scope)
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
                       "summary": entry.summary(), "effect": entry.effect().as_str()})
            })
            .collect();
        success(json!({"endpoints": found}), true)
    }

    pub(super) fn describe_endpoint(
        &self,
        caller: &Caller,
        arguments: &Map<String, Value>,
    ) -> CallToolResult {
        let Some(name) = arguments.get("name").and_then(Value::as_str) else {
            return failure("invalid arguments: `name` must be the name of an endpoint");
        };
        match self.catalog.endpoint(name, &caller.scope) {
            Ok((_, tool)) => success(json!({"tool": tool}), true),
            Err(why) => failure(&why),
        }
    }
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

/// A structured result read by the decoding policy: where a field's value
/// did not fit its documented type (and was read as empty), a second text
/// block says where and what the API sent.
fn success_with(value: Value, read: &Normalized) -> CallToolResult {
    let mut result = success(value, true);
    if !read.deviations.is_empty() {
        let lines: Vec<String> = read
            .deviations
            .iter()
            .map(|d| format!("{}: {}", d.at, d.sent))
            .collect();
        result.content.push(ContentBlock::text(format!(
            "Values that did not have their documented type, read as empty:\n{}",
            lines.join("\n")
        )));
    }
    result
}

pub(super) fn failure(text: &str) -> CallToolResult {
    CallToolResult::error(vec![ContentBlock::text(text)])
}
