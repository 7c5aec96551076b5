//! What each tool says of itself: its name, description, schemas and
//! annotations, from the endpoint's metadata.

use super::schema;
use super::server::Options;
use crate::endpoints::Entry;
use rmcp::model::{Tool, ToolAnnotations};
use serde_json::{Value, json};
use sitehost::Effect;
use std::sync::Arc;

/// The tool that waits for a job by its ID.
pub const JOB_WAIT: &str = "sitehost_job_wait";
/// `--dynamic`: finds endpoints by words.
pub const SEARCH: &str = "sitehost_search_endpoints";
/// `--dynamic`: one endpoint's schemas and annotations.
pub const DESCRIBE: &str = "sitehost_describe_endpoint";
/// `--dynamic`: calls one endpoint.
pub const CALL: &str = "sitehost_call_endpoint";

/// The endpoint's tool, from its description.
pub(super) fn endpoint_tool(entry: &Entry, max_items: usize) -> Tool {
    let endpoint = entry.endpoint;
    let effect = entry.effect();
    let description = format!(
        "{}\n\n`{}`; {}.",
        entry.text(),
        endpoint.call(),
        match effect {
            Effect::Read => "changes nothing",
            Effect::Write => "changes things",
            Effect::Destructive => "deletes, revokes or replaces things, or stops a machine",
        }
    );
    let input = schema::input(entry, max_items);
    let mut tool = Tool::new(entry.tool_name(), description, Arc::new(input));
    let output = if endpoint.job.is_some() {
        Some(schema::job(response_beyond_job(entry)))
    } else {
        endpoint.returns.map(schema::output)
    };
    tool.output_schema = output.map(Arc::new);
    tool.annotations = Some(annotations(
        entry.summary(),
        effect == Effect::Read,
        effect == Effect::Destructive,
    ));
    tool
}

/// The form of a job-starting endpoint's response where it says more than
/// the job (a new server's password), as its metadata declares.
pub(super) fn response_beyond_job(entry: &Entry) -> Option<sitehost::Returns> {
    entry.endpoint.returns.filter(|_| entry.endpoint.says_more)
}

fn annotations(title: &str, read_only: bool, destructive: bool) -> ToolAnnotations {
    ToolAnnotations::with_title(title)
        .read_only(read_only)
        .destructive(destructive)
        .idempotent(read_only)
        .open_world(true)
}

fn object(v: Value) -> Arc<serde_json::Map<String, Value>> {
    Arc::new(v.as_object().cloned().unwrap_or_default())
}

pub(super) fn job_wait_tool() -> Tool {
    let input = json!({"type": "object", "properties": {
        "id": {"type": "integer", "description": "The job's ID, as the call that started it gave it."},
        "type": {"type": "string", "enum": ["daemon", "scheduler"], "description": "The job's type."}},
        "required": ["id", "type"], "additionalProperties": false});
    let mut tool = Tool::new(
        JOB_WAIT,
        "Wait for a job the API started to finish (with progress notifications), and return \
         its final state and log.",
        object(input),
    );
    tool.output_schema = Some(Arc::new(schema::job(None)));
    tool.annotations = Some(annotations("Wait for a job", true, false));
    tool
}

pub(super) fn dynamic_tools(options: &Options) -> Vec<Tool> {
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
    search.annotations = Some(annotations("Search endpoints", true, false));
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
    describe.annotations = Some(annotations("Describe an endpoint", true, false));
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
    call.annotations = Some(annotations(
        "Call an endpoint",
        !writes,
        options.allow_destructive,
    ));
    vec![search, describe, call]
}
