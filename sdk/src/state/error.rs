//! Why desired state cannot plan or apply: its own errors, each a kind a
//! front end tells apart (an exit code, a flag to suggest) without reading
//! the sentence, which names no flag of any front end.

use std::fmt;

/// Why a plan cannot be made or applied.
#[derive(Debug)]
#[non_exhaustive]
pub enum PlanError {
    /// A call to the API failed.
    Api(crate::Error),
    /// What was asked cannot be done by desired state: a resource it
    /// cannot manage, a pruned resource nothing deletes, a value that does
    /// not fit its parameter, a child whose lists need a value no parent
    /// gives. The sentence says which fact is missing.
    Unusable(String),
    /// Objects whose fields change by no endpoint, and whose resource
    /// refuses to replace them unless they are named for replacement
    /// ([`PlanOptions::replace`](super::PlanOptions::replace)).
    CannotChange {
        /// `resource/object` of each, as a replacement names it.
        objects: Vec<String>,
        /// The sentence: each object and the fields that cannot change.
        message: String,
    },
    /// The plan deletes more than the guard allows without
    /// [`PlanOptions::force`](super::PlanOptions::force).
    NeedsForce(String),
    /// A reference of the state file (`{label: web}` for a security group)
    /// names no object the account holds or the file describes, or
    /// several.
    Reference(String),
    /// The plan creates objects whose secrets the API returns only once
    /// (a new server's root password), and the application was given
    /// nowhere to keep them; nothing was sent.
    NeedsSecrets(String),
    /// Keeping a secret the API returned failed (the file could not be
    /// written); the object exists.
    Secrets(std::io::Error),
}

impl fmt::Display for PlanError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PlanError::Api(e) => write!(f, "{e}"),
            PlanError::Unusable(why) | PlanError::NeedsForce(why) | PlanError::Reference(why) => {
                f.write_str(why)
            }
            PlanError::CannotChange { message, .. } => f.write_str(message),
            PlanError::NeedsSecrets(why) => f.write_str(why),
            PlanError::Secrets(e) => write!(f, "a returned secret could not be kept: {e}"),
        }
    }
}

impl std::error::Error for PlanError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            PlanError::Api(e) => Some(e),
            PlanError::Secrets(e) => Some(e),
            _ => None,
        }
    }
}

impl From<crate::Error> for PlanError {
    fn from(e: crate::Error) -> Self {
        PlanError::Api(e)
    }
}
