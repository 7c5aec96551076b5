//! The job contract: the client polls jobs with the spec's `/job/get`, so
//! that endpoint must take a job's ID and type and report a state; checked
//! here so that a spec the client cannot use fails with a place in the file,
//! not with a compiler error inside the crate.

use super::{JOB_STATUS_PATH, Reporter, SourceFile};
use crate::diag::{At, Problems};
use crate::model::{Endpoint, ValueType};

/// Checks `/job/get`, which a spec with job endpoints must have, where it
/// stands in the files.
pub fn check(
    files: &[SourceFile<'_>],
    endpoints: &[Endpoint],
    first_job: Option<(usize, usize)>,
    out: &mut Problems,
) {
    let written = files
        .iter()
        .any(|f| f.raw.endpoints.iter().any(|e| e.path == JOB_STATUS_PATH));
    let Some(poll) = endpoints.iter().find(|e| e.path == JOB_STATUS_PATH) else {
        // Without jobs a spec needs no /job/get; with problems of its own, it
        // was reported already.
        if !written && let Some((file_index, i)) = first_job {
            files[file_index].reporter(out).error(
                &format!("endpoints[{i}].response.job"),
                At::Value,
                format!(
                    "this endpoint starts a job, but the spec has no {JOB_STATUS_PATH} endpoint \
                     to wait on it with"
                ),
            );
        }
        return;
    };
    let Some((file, i)) = files.iter().find_map(|f| {
        f.raw
            .endpoints
            .iter()
            .position(|e| e.path == JOB_STATUS_PATH)
            .map(|i| (f, i))
    }) else {
        return;
    };
    let at = format!("endpoints[{i}]");
    let mut report = file.reporter(out);

    poll_params(poll, &at, &mut report);
    poll_response(files, poll, &at, &mut report);
}

/// `/job/get` takes exactly the job's ID and type as required parameters.
fn poll_params(poll: &Endpoint, at: &str, report: &mut Reporter<'_>) {
    let scalar = |p: &&crate::model::Param| p.required && p.is_plain_scalar();
    let ids = poll
        .params
        .iter()
        .filter(scalar)
        .filter(|p| p.ty == ValueType::Integer)
        .count();
    let types = poll
        .params
        .iter()
        .filter(scalar)
        .filter(|p| matches!(p.ty, ValueType::JobType | ValueType::String))
        .count();
    let others = poll.params.iter().filter(|p| p.required).count() - ids.min(1) - types.min(1);
    if ids != 1 || types != 1 || others != 0 {
        report.error(
            &format!("{at}.params"),
            At::Key,
            format!(
                "{JOB_STATUS_PATH} must take exactly two required parameters, the job's ID \
                 (`type: integer`) and its type (`type: job_type`, or `string` as specs before \
                 job_type wrote it), in the order of its API \
                 version; other parameters must be optional"
            ),
        );
    }
}

/// `/job/get` returns one shape with a required string `state` (and a
/// string `message`, if any).
fn poll_response(files: &[SourceFile<'_>], poll: &Endpoint, at: &str, report: &mut Reporter<'_>) {
    let shape = poll
        .response
        .shape
        .as_ref()
        .filter(|_| !poll.response.list && poll.response.paging.is_none());
    match shape.and_then(|name| files_shape(files, name)) {
        Some((true, true)) => {}
        Some((false, _)) | None => report.error(
            &format!("{at}.response"),
            At::Key,
            format!(
                "{JOB_STATUS_PATH} must return a single shape with a required string field \
                 `state`, which the client reads to know when a job has finished"
            ),
        ),
        Some((true, false)) => report.error(
            &format!("{at}.response.shape"),
            At::Value,
            format!("the `message` field of {JOB_STATUS_PATH}'s shape must be a string"),
        ),
    }
}

/// Whether the shape `name` has a required string `state`, and whether its
/// `message` (if any) is a plain string.
fn files_shape(files: &[SourceFile<'_>], name: &str) -> Option<(bool, bool)> {
    let shape = files
        .iter()
        .flat_map(|f| f.raw.shapes.iter())
        .find(|s| s.name == name)?;
    let plain_string = |f: &&crate::raw::Field| f.ty == "string" && !f.list && !f.map;
    let state = shape
        .fields
        .iter()
        .find(|f| f.name == "state")
        .filter(plain_string)
        .is_some_and(|f| f.required.unwrap_or(!f.optional.unwrap_or(false)));
    let message = shape
        .fields
        .iter()
        .find(|f| f.name == "message")
        .is_none_or(|f| plain_string(&f));
    Some((state, message))
}
