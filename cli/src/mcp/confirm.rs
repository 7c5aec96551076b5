//! A destructive call confirmed by the user before it acts, where the
//! client can be asked: a stdio session whose client declared elicitation.
//! Over HTTP the server keeps no session to carry the question, and the
//! server's `--allow-destructive` (with a caller's narrowing) decides alone.

use rmcp::RoleServer;
use rmcp::model::{ElicitRequestParams, ElicitationAction, ElicitationSchema};
use rmcp::service::RequestContext;
use serde_json::{Map, Value};

/// Asks the user to confirm that `tool` may act with `arguments`. `Ok`
/// when confirmed, or when the client cannot be asked; the refusal, in a
/// sentence, when the user declines or the question fails.
pub(super) async fn destructive(
    context: Option<&RequestContext<RoleServer>>,
    tool: &str,
    arguments: &Map<String, Value>,
) -> Result<(), String> {
    let Some(context) = context else {
        return Ok(());
    };
    let asked = context
        .peer
        .peer_info()
        .is_some_and(|info| info.capabilities.elicitation.is_some());
    if !asked {
        return Ok(());
    }
    let schema = ElicitationSchema::builder()
        .required_bool("confirm")
        .description("true to go ahead")
        .build()
        .map_err(|e| format!("the confirmation could not be asked: {e}; nothing was sent"))?;
    let message = format!(
        "`{tool}` deletes, revokes or replaces things, or stops a machine, with {}. Go ahead?",
        Value::Object(arguments.clone())
    );
    let asked = context
        .peer
        .create_elicitation(ElicitRequestParams::FormElicitationParams {
            meta: None,
            message,
            requested_schema: schema,
        })
        .await
        .map_err(|e| format!("the confirmation could not be asked: {e}; nothing was sent"))?;
    let confirmed = asked.action == ElicitationAction::Accept
        && asked
            .content
            .as_ref()
            .and_then(|c| c.get("confirm"))
            .and_then(Value::as_bool)
            == Some(true);
    if confirmed {
        Ok(())
    } else {
        Err(format!(
            "`{tool}` was not confirmed by the user; nothing was sent"
        ))
    }
}
