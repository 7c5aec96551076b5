//! Desired state (feature `state`): the objects an account should hold, in
//! a file; a plan of what to create, change, replace and delete for it; and
//! its application, by the spec's resource declarations alone, with no code
//! per resource. The command line's `sitehost plan`, `apply` and `export`
//! and the MCP server's `sitehost_plan` and `sitehost_apply` are thin over
//! it.
//!
//! The file is the fake API's seed format: resources by their spec name
//! (`dns_zone`, `dns_record`, `stack`, …), each a list of objects in the
//! shape the API returns them in. Only the fields an object writes are
//! managed; what the API sets (IDs, dates, `pending`) is never compared.
//! Text values may come from the environment (`${SH_DB_PASSWORD}`).
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use sitehost::state::{DesiredState, Plan, PlanOptions};
//! # let fake = sitehost::fake::FakeApi::builder().empty().start().await?;
//! # let client = fake.client();
//! let desired = DesiredState::from_yaml(
//!     "dns_zone:\n  - {name: example.nz}\n\
//!      dns_record:\n  - {domain: example.nz, type: A, name: www.example.nz, content: 192.0.2.1}\n",
//! )?;
//! let plan = Plan::compute(&client, &desired, &PlanOptions::default()).await?;
//! println!("{plan}");
//! let report = plan.apply(&client, |_| {}).await?;
//! assert!(report.is_complete());
//! let again = Plan::compute(&client, &desired, &PlanOptions::default()).await?;
//! assert!(again.is_empty());
//! # Ok(())
//! # }
//! ```

mod apply;
mod desired;
mod error;
mod export;
mod from_get;
mod kinds;
mod plan;
mod read;
mod refs;
mod secrets;
mod steps;
mod values;

pub use apply::{Failed, Progress, Report};
pub use desired::{DesiredState, StateError};
pub use error::PlanError;
pub use export::{ExportOptions, export};
pub use plan::{
    Action, Change, FieldChange, MAX_DELETIONS, PLAN_FORMAT, Plan, PlanOptions, SavedPlan,
};
pub use secrets::{Returned, SecretsFile};

/// Whether desired state can manage the resource of this name; else the
/// sentence saying what its declaration lacks.
///
/// # Errors
///
/// The sentence, for a resource it cannot manage.
pub fn manages(resource: &str) -> Result<(), String> {
    kinds::Kind::named(resource).map(drop)
}

/// The resources desired state manages, parents first.
pub fn managed() -> Vec<&'static str> {
    kinds::Kind::all().iter().map(kinds::Kind::name).collect()
}
