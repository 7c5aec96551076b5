//! Endpoints: the path and the Rust names made from it, the version, the
//! effect, and (through the other modules) parameters, response and
//! resource use; no two endpoints with one path or one Rust name.

use super::{Context, FirstSeen, PRELUDE, Reporter, SourceFile, params, resource_uses, responses};
use crate::diag::{At, Problems};
use crate::model::{Effect, Endpoint, Provenance, default_effect, destroys_by_name};
use crate::model::{pascal_case, snake_case};
use crate::raw;
use std::collections::HashMap;

/// Checks every file's endpoints; returns them sorted by path, with the
/// place of the first that starts a job (for the job contract's message).
pub fn endpoints(
    files: &[SourceFile<'_>],
    ctx: &Context<'_>,
    out: &mut Problems,
) -> (Vec<Endpoint>, Option<(usize, usize)>) {
    let mut endpoints = Vec::new();
    let mut by_path: HashMap<String, (FirstSeen<'_>, String)> = HashMap::new();
    let mut by_method: HashMap<String, (FirstSeen<'_>, String)> = HashMap::new();
    let mut first_job: Option<(usize, usize)> = None;

    for (file_index, file) in files.iter().enumerate() {
        for (i, raw) in file.raw.endpoints.iter().enumerate() {
            let at = format!("endpoints[{i}]");
            let Some(endpoint) = endpoint(raw, &at, file, ctx, out) else {
                continue;
            };
            let here = FirstSeen {
                file,
                at: format!("{at}.path"),
            };
            if let Some((first, version)) = by_path.get(&endpoint.path) {
                let message = if first.file.upstream {
                    format!(
                        "endpoint {} is already in the sitehost crate (version {}, {}): send \
                         the crate's own request type; a spec of your own adds only paths the \
                         crate lacks",
                        endpoint.path,
                        version,
                        first.place(),
                    )
                } else {
                    format!(
                        "endpoint {} is already defined at {} (version {}); the spec holds one \
                         version of each path: change that endpoint's `version` to move it",
                        endpoint.path,
                        first.place(),
                        version
                    )
                };
                file.reporter(out)
                    .error(&format!("{at}.path"), At::Value, message);
                continue;
            }
            if let Some((first, other)) = by_method.get(&endpoint.method_name) {
                file.reporter(out).error(
                    &format!("{at}.path"),
                    At::Value,
                    format!(
                        "{} and {} (at {}) both become the Rust name `{}`; rename one path segment",
                        endpoint.path,
                        other,
                        first.place(),
                        endpoint.method_name
                    ),
                );
                continue;
            }
            by_path.insert(
                endpoint.path.clone(),
                (here.clone(), endpoint.version.clone()),
            );
            by_method.insert(endpoint.method_name.clone(), (here, endpoint.path.clone()));
            if endpoint.response.job.is_some() && first_job.is_none() {
                first_job = Some((file_index, i));
            }
            endpoints.push(endpoint);
        }
    }
    endpoints.sort_by(|a, b| a.path.cmp(&b.path));
    (endpoints, first_job)
}

fn endpoint(
    raw: &raw::Endpoint,
    at: &str,
    file: &SourceFile<'_>,
    ctx: &Context<'_>,
    out: &mut Problems,
) -> Option<Endpoint> {
    let report = &mut file.reporter(out);
    let errors_before = report.count();
    let segments = path_segments(&raw.path, &format!("{at}.path"), report);

    version_and_summary(raw, at, report);
    let type_name = request_type_name(raw, at, segments.as_deref(), report);
    let params = params::params(
        &raw.params,
        &format!("{at}.params"),
        &type_name,
        true,
        ctx,
        report,
    );
    let source = raw.source.unwrap_or(Provenance::Reference);
    let no_response = raw::Response::default();
    let written_response = raw.response.as_ref().unwrap_or(&no_response);
    let response = responses::response(
        written_response,
        &format!("{at}.response"),
        source,
        &params,
        ctx.shapes,
        report,
    );
    let effect = effect(raw, at, report);
    if report.count() > errors_before {
        return None;
    }
    let segments = segments?;
    let response = response?;
    let resource = match &raw.resource {
        Some(r) => Some(resource_uses::resource_use(
            r,
            &format!("{at}.resource"),
            &params,
            &response,
            effect,
            ctx,
            report,
        )?),
        None => None,
    };
    let (_, parents) = segments.split_last()?;
    if PRELUDE.contains(&type_name.as_str()) {
        taken_type_name(raw, at, &type_name, parents, report);
        return None;
    }
    Some(Endpoint {
        path: raw.path.clone(),
        version: raw.version.0.clone(),
        method: raw.method,
        summary: raw.summary.trim().to_owned(),
        description: raw
            .description
            .as_ref()
            .map(|d| d.trim().to_owned())
            .filter(|d| !d.is_empty()),
        params,
        response,
        module: parents.to_vec(),
        type_name,
        method_name: segments.join("_"),
        file: file.spec_file(),
        source,
        effect,
        effect_declared: raw.effect.is_some(),
        resource,
    })
}

/// Checks the version's form and that there is a summary.
fn version_and_summary(raw: &raw::Endpoint, at: &str, report: &mut Reporter<'_>) {
    if !is_version(&raw.version.0) {
        report.error(
            &format!("{at}.version"),
            At::Value,
            format!(
                "malformed version \"{}\": write major.minor, such as \"1.3\"",
                raw.version.0
            ),
        );
    }
    if raw.summary.trim().is_empty() {
        report.error(
            &format!("{at}.summary"),
            At::Value,
            "the summary is empty: copy the one-line description from the API page",
        );
    }
}

/// The request type's name, which its groups' names start with: as
/// written (`type_name:`), or from the path's last segment.
fn request_type_name(
    raw: &raw::Endpoint,
    at: &str,
    segments: Option<&[String]>,
    report: &mut Reporter<'_>,
) -> String {
    match &raw.type_name {
        Some(name) if !super::is_pascal(name) => {
            report.error(
                &format!("{at}.type_name"),
                At::Value,
                format!("`{name}` cannot name a request type: use PascalCase, such as `CopyStack`"),
            );
            name.clone()
        }
        Some(name) => name.clone(),
        None => segments
            .and_then(|s| s.last())
            .map(|last| pascal_case(last))
            .unwrap_or_default(),
    }
}

/// Reports a request type name that a Rust type of the prelude takes, at
/// `type_name:` when it was written, else at the path.
fn taken_type_name(
    raw: &raw::Endpoint,
    at: &str,
    type_name: &str,
    parents: &[String],
    report: &mut Reporter<'_>,
) {
    let (key, message) = match raw.type_name {
        Some(_) => (
            "type_name",
            format!("`{type_name}` is taken by a Rust type: choose another `type_name`"),
        ),
        None => (
            "path",
            format!(
                "the last segment of `{}` would name the request type `{type_name}`, which \
                 is taken by a Rust type: name it with `type_name:` (such as `{type_name}{}`)",
                raw.path,
                parents
                    .last()
                    .map(|parent| pascal_case(parent))
                    .unwrap_or_default()
            ),
        ),
    };
    report.error(&format!("{at}.{key}"), At::Value, message);
}

/// The endpoint's effect: as declared, or by its method and name. Only a
/// declared effect is checked: the defaults hold for every spec written
/// before the key existed.
fn effect(raw: &raw::Endpoint, at: &str, report: &mut Reporter<'_>) -> Effect {
    let starts_job = raw.response.as_ref().is_some_and(|r| r.job.is_some());
    let Some(declared) = raw.effect else {
        return default_effect(raw.method, &raw.path, starts_job);
    };
    let last = raw.path.rsplit('/').next().unwrap_or_default();
    if declared == Effect::Read && (starts_job || destroys_by_name(last)) {
        report.error(
            &format!("{at}.effect"),
            At::Value,
            format!(
                "`effect: read` does not fit an endpoint that {}: declare `write` or \
                 `destructive`",
                if starts_job {
                    "starts a job"
                } else {
                    "deletes, removes or revokes by its name"
                }
            ),
        );
    } else if declared == Effect::Write && destroys_by_name(last) {
        report.error(
            &format!("{at}.effect"),
            At::Value,
            "an endpoint that deletes, removes or revokes by its name is `destructive`",
        );
    }
    declared
}

fn is_version(v: &str) -> bool {
    let Some((major, minor)) = v.split_once('.') else {
        return false;
    };
    let digits = |s: &str| !s.is_empty() && s.len() <= 3 && s.bytes().all(|b| b.is_ascii_digit());
    digits(major) && digits(minor)
}

/// Checks a path such as `/cloud/stack/ssl/lets_encrypt/renew` and returns its
/// segments as Rust names.
fn path_segments(path: &str, at: &str, report: &mut Reporter<'_>) -> Option<Vec<String>> {
    let fail = |report: &mut Reporter<'_>, why: String| {
        report.error(at, At::Value, format!("bad path `{path}`: {why}"));
        None
    };
    if path.ends_with(".json") {
        return fail(
            report,
            "leave out `.json`; it is added to every URL".to_owned(),
        );
    }
    let Some(rest) = path.strip_prefix('/') else {
        return fail(report, "it must start with `/`".to_owned());
    };
    if rest
        .split_once('/')
        .is_some_and(|(first, _)| is_version(first))
        || is_version(rest)
    {
        return fail(
            report,
            "leave the version out of the path; it goes in `version`".to_owned(),
        );
    }
    let mut segments = Vec::new();
    for segment in rest.split('/') {
        if segment.is_empty() {
            return fail(report, "it has an empty segment".to_owned());
        }
        if let Some(bad) = segment
            .chars()
            .find(|c| !(c.is_ascii_alphanumeric() || *c == '_' || *c == '-'))
        {
            return fail(
                report,
                format!("`{bad}` is not allowed; segments use letters, digits, `_` and `-`"),
            );
        }
        match snake_case(segment) {
            Some(name) => segments.push(name),
            None => {
                return fail(
                    report,
                    format!("segment `{segment}` must start with a letter"),
                );
            }
        }
    }
    Some(segments)
}
