//! The spec and what is generated from it: diagnostics with `file:line:col`,
//! resource declarations, extensions, the checked-in snapshot, and the
//! README's tables.

mod diagnostics;
mod extension;
mod from_get_diagnostics;
mod never_panics;
mod readme;
mod resource_diagnostics;
mod snapshot;
