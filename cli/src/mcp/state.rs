//! The desired-state tools: `sitehost_plan` (reads) shows what would change
//! for a state, `sitehost_apply` (writes; a plan that calls a destructive
//! endpoint, as a deletion, a replacement or an order does, only with
//! `--allow-destructive`) makes the changes and reports what it did, so an
//! assistant shows a plan before it changes anything.

use super::calls::failure;
use super::server::{Caller, Options, Server};
use rmcp::model::{CallToolResult, ContentBlock, Tool, ToolAnnotations};
use serde_json::{Map, Value, json};
use sitehost::state::{Change, DesiredState, Plan, PlanOptions, Report};
use std::sync::Arc;

/// Plans the changes for a state.
pub const PLAN: &str = "sitehost_plan";
/// Applies the changes for a state.
pub const APPLY: &str = "sitehost_apply";

fn input(apply: bool) -> Arc<Map<String, Value>> {
    let mut properties = json!({
        "state": {"type": "object", "description": format!(
            "The objects the account should hold: resource names ({}) mapped to lists of \
             objects in the shape the API returns them in. Only the fields given are managed. \
             A field naming another object (a firewall's server and groups) may name it by \
             that object's match fields ({{\"label\": \"web\"}}), even one the state creates.",
            sitehost::state::managed().join(", ")),
            "additionalProperties": {"type": "array", "items": {"type": "object"}}},
        "prune": {"type": "array", "items": {"type": "string"}, "description":
            "Resources whose objects the state does not list are deleted, under the parents \
             it lists (the records of its zones)."},
        "force": {"type": "boolean", "description":
            "Allow more than 10 deletions, or more than a quarter of one resource's objects."},
        "replace": {"type": "array", "items": {"type": "string"}, "description":
            "Objects to replace, as resource/object (server/NAME), where a field changes that no \
             endpoint changes in place (a server's location); without it such a plan is refused."}
    });
    if apply {
        properties["prune"]["description"] = json!(
            "Resources whose objects the state does not list are deleted, under the parents it \
             lists. A plan that calls an endpoint that deletes, replaces or spends (a \
             deletion, a replacement) needs the server's --allow-destructive."
        );
    }
    let schema = json!({"type": "object", "properties": properties, "required": ["state"],
                        "additionalProperties": false});
    Arc::new(schema.as_object().cloned().unwrap_or_default())
}

/// Whether the server serves the desired-state tool `name`: none when
/// `--tools` narrows it to some endpoints; `sitehost_apply` only when it
/// may write.
pub(super) fn serves(options: &Options, name: &str) -> bool {
    options.tools.is_empty()
        && (name == PLAN || (name == APPLY && (options.allow_write || options.allow_destructive)))
}

/// The tools, as the server's options allow them.
pub(super) fn tools(options: &Options) -> Vec<Tool> {
    if !serves(options, PLAN) {
        return Vec::new();
    }
    let mut plan = Tool::new(
        PLAN,
        "Show what would be created, changed, replaced and deleted so that the account holds \
         a desired state (read only; secrets shown as (secret)). Show the plan to the user \
         before applying it.",
        input(false),
    );
    plan.annotations = Some(
        ToolAnnotations::with_title("Plan desired state")
            .read_only(true)
            .destructive(false)
            .idempotent(true)
            .open_world(true),
    );
    let mut tools = vec![plan];
    if serves(options, APPLY) {
        let mut apply = Tool::new(
            APPLY,
            "Make the changes that make the account hold a desired state, in dependency order, \
             waiting for each job; stops at the first failure and reports what was done, what \
             failed and what was not attempted.",
            input(true),
        );
        apply.annotations = Some(
            ToolAnnotations::with_title("Apply desired state")
                .read_only(false)
                .destructive(options.allow_destructive)
                .idempotent(false)
                .open_world(true),
        );
        tools.push(apply);
    }
    tools
}

impl Server {
    pub(super) async fn state_tool(
        &self,
        caller: &Caller,
        name: &str,
        arguments: &Map<String, Value>,
    ) -> CallToolResult {
        let desired = match arguments.get("state").map(DesiredState::from_json) {
            Some(Ok(desired)) => desired,
            Some(Err(e)) => return failure(&format!("invalid arguments: {e}")),
            None => return failure("invalid arguments: `state` is required"),
        };
        let Some(prune) = names(arguments, "prune") else {
            return failure("invalid arguments: `prune` must be a list of resource names");
        };
        let Some(replace) = names(arguments, "replace") else {
            return failure("invalid arguments: `replace` must be a list of resource/object names");
        };
        let options = PlanOptions::default()
            .with_prune(prune)
            .with_force(
                arguments
                    .get("force")
                    .and_then(Value::as_bool)
                    .unwrap_or(false),
            )
            .with_replace(replace);
        let plan = match Plan::compute(&caller.client, &desired, &options).await {
            Ok(plan) => plan,
            Err(e) => return failure(&e.to_string()),
        };
        if name == PLAN {
            return result(plan.to_json(), plan.to_string());
        }
        if let Some(why) = plan.destructive_reason()
            && !self.catalog.options.allow_destructive
        {
            return failure(&format!(
                "{why}: start the server with --allow-destructive to apply it"
            ));
        }
        // A secret is never returned to an assistant, and is not to be lost.
        if let Some(why) = plan.secrets_returned() {
            return failure(&format!(
                "{why}, and this tool never returns a secret to an assistant: apply it with \
                 `sitehost apply --secrets-out FILE`; nothing was sent"
            ));
        }
        match plan.apply(&caller.client, |_| {}).await {
            Ok(report) => result(report_json(&plan, &report), report.to_string()),
            Err(e) => failure(&e.to_string()),
        }
    }
}

/// A list of names given as `key`: empty where absent, `None` where it is
/// not a list of texts.
fn names(arguments: &Map<String, Value>, key: &str) -> Option<Vec<String>> {
    match arguments.get(key) {
        None | Some(Value::Null) => Some(Vec::new()),
        Some(Value::Array(items)) if items.iter().all(Value::is_string) => Some(
            items
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect(),
        ),
        Some(_) => None,
    }
}

fn change_json(change: &Change) -> Value {
    json!({"resource": change.resource, "action": change.action.as_str(), "object": change.object})
}

fn report_json(plan: &Plan, report: &Report) -> Value {
    json!({
        "plan": plan.to_json(),
        "done": report.done.iter().map(change_json).collect::<Vec<_>>(),
        "failed": report.failed.as_ref().map(|f| json!({
            "change": change_json(&f.change), "message": f.message, "job_failed": f.job_failed})),
        "not_attempted": report.not_attempted.iter().map(change_json).collect::<Vec<_>>(),
        "complete": report.is_complete(),
    })
}

fn result(structured: Value, text: String) -> CallToolResult {
    let mut result = CallToolResult::success(vec![ContentBlock::text(text)]);
    result.structured_content = Some(structured);
    result
}
