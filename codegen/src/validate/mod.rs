//! From the spec as written ([`crate::raw`]) to the validated model
//! ([`crate::model`]), reporting every problem with its place in the file.

mod jobs;
mod params;
mod resources;
mod responses;

use crate::diag::{At, Diagnostic, Locations};
use crate::model::{Endpoint, Field, FieldType, Shape, Source, Spec, pascal_case, snake_case};
use crate::raw;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

/// One parsed spec file.
pub struct SourceFile<'a> {
    /// The path shown in diagnostics.
    pub path: PathBuf,
    /// The path relative to the spec folder, `/`-separated.
    pub relative: &'a str,
    /// The file's text.
    pub text: &'a str,
    /// The file as parsed.
    pub raw: raw::File,
    /// Built on first use: only a spec with problems needs it.
    locations: std::cell::OnceCell<Locations>,
}

impl<'a> SourceFile<'a> {
    /// A parsed file, with the path diagnostics show and its path relative to the spec folder.
    pub fn new(path: PathBuf, relative: &'a str, text: &'a str, raw: raw::File) -> SourceFile<'a> {
        SourceFile {
            path,
            relative,
            text,
            raw,
            locations: std::cell::OnceCell::new(),
        }
    }

    /// Whether the file is one of the `sitehost` crate's own, read by an
    /// extension (see [`crate::extension`]).
    pub fn is_base(&self) -> bool {
        self.relative.starts_with(crate::extension::BASE)
    }

    /// Where each node of the file is, built on first use.
    pub fn locations(&self) -> &Locations {
        self.locations.get_or_init(|| Locations::index(self.text))
    }

    fn reporter<'r>(&'r self, out: &'r mut Vec<Diagnostic>) -> Reporter<'r> {
        Reporter { file: self, out }
    }
}

/// Collects diagnostics for one file; finds their places only when one is reported.
struct Reporter<'r> {
    file: &'r SourceFile<'r>,
    out: &'r mut Vec<Diagnostic>,
}

impl Reporter<'_> {
    /// How many problems have been reported so far, in all files.
    fn count(&self) -> usize {
        self.out.len()
    }

    fn error(&mut self, path: &str, at: At, message: impl Into<String>) {
        let (line, column) = self.file.locations().find(path, at);
        self.out.push(Diagnostic {
            file: self.file.path.clone(),
            line,
            column,
            message: message.into(),
        });
    }
}

/// Names the generated code uses unqualified, so no generated type may take them.
pub(crate) const PRELUDE: &[&str] = &[
    "String",
    "Vec",
    "Option",
    "Some",
    "None",
    "Result",
    "Ok",
    "Err",
    "Into",
    "IntoIterator",
    "Self",
    "Box",
];

/// The endpoint that reports on jobs; required when any endpoint starts one.
pub const JOB_STATUS_PATH: &str = "/job/get";

/// The Rust name of the private field in which a shape keeps the fields the
/// spec does not declare (read with its `extra()` method).
pub const EXTRA_FIELD: &str = "__extra";

/// Where something was first defined, for "already defined at" messages:
/// a file and a node path, resolved to a line only when reported.
#[derive(Clone)]
struct Origin<'a> {
    file: &'a SourceFile<'a>,
    at: String,
}

impl Origin<'_> {
    fn describe(&self) -> String {
        let (line, _) = self.file.locations().find(&self.at, At::Value);
        format!("{}:{line}", self.file.path.display())
    }
}

/// Checks the parsed files into a [`Spec`], reporting every problem into `out`; `spec_dir` names the folder in a diagnostic about the folder itself.
pub fn validate(
    files: &[SourceFile<'_>],
    spec_dir: &Path,
    out: &mut Vec<Diagnostic>,
) -> Option<Spec> {
    let errors_before = out.len();
    let shapes = shapes(files, out);
    let enums = params::enums(files, out);
    let scope = params::Scope { enums: &enums };
    let resources = resources::resources(files, &shapes, out);
    let declared = resources::declared(files);
    let uses = resources::UseScope {
        resources: &resources,
        declared: &declared,
        shapes: &shapes,
    };
    let mut endpoints = Vec::new();
    let mut by_path: HashMap<String, (Origin<'_>, String)> = HashMap::new();
    let mut by_method: HashMap<String, (Origin<'_>, String)> = HashMap::new();
    let mut first_job: Option<(usize, usize)> = None;

    for (file_index, file) in files.iter().enumerate() {
        for (i, raw) in file.raw.endpoints.iter().enumerate() {
            let at = format!("endpoints[{i}]");
            let Some(endpoint) = endpoint(raw, &at, file, &scope, &uses, out) else {
                continue;
            };
            let origin = Origin {
                file,
                at: format!("{at}.path"),
            };
            if let Some((first, version)) = by_path.get(&endpoint.path) {
                let message = if first.file.is_base() {
                    format!(
                        "endpoint {} is already in the sitehost crate (version {}, {}): send \
                         the crate's own request type; a spec of your own adds only paths the \
                         crate lacks",
                        endpoint.path,
                        version,
                        first.describe(),
                    )
                } else {
                    format!(
                        "endpoint {} is already defined at {} (version {}); the spec holds one \
                         version of each path: change that endpoint's `version` to move it",
                        endpoint.path,
                        first.describe(),
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
                        first.describe(),
                        endpoint.method_name
                    ),
                );
                continue;
            }
            by_path.insert(
                endpoint.path.clone(),
                (origin.clone(), endpoint.version.clone()),
            );
            by_method.insert(
                endpoint.method_name.clone(),
                (origin, endpoint.path.clone()),
            );
            if endpoint.response.job.is_some() && first_job.is_none() {
                first_job = Some((file_index, i));
            }
            endpoints.push(endpoint);
        }
    }

    jobs::check(files, &endpoints, first_job, out);

    // Only when nothing else is wrong: files that failed to parse hold endpoints too.
    if endpoints.is_empty() && out.is_empty() {
        let (file, line, column) = match files.first() {
            Some(file) => (file.path.clone(), 1, 1),
            None => (spec_dir.to_path_buf(), 1, 1),
        };
        out.push(Diagnostic {
            file,
            line,
            column,
            message: if files.is_empty() {
                "the spec folder has no .yaml files".to_owned()
            } else {
                "the spec defines no endpoints".to_owned()
            },
        });
    }

    if out.len() > errors_before {
        return None;
    }
    endpoints.sort_by(|a, b| a.path.cmp(&b.path));
    Some(Spec {
        endpoints,
        shapes: shapes.into_values().collect(),
        enums: enums.into_values().collect(),
        resources: resources.into_values().collect(),
    })
}

fn shapes(files: &[SourceFile<'_>], out: &mut Vec<Diagnostic>) -> BTreeMap<String, Shape> {
    // Names first, so fields may refer to shapes defined later or elsewhere.
    let mut known: HashMap<&str, Origin<'_>> = HashMap::new();
    for file in files {
        for (i, shape) in file.raw.shapes.iter().enumerate() {
            let at = format!("shapes[{i}].name");
            if !is_pascal(&shape.name) {
                file.reporter(out).error(
                    &at,
                    At::Value,
                    format!(
                        "shape name `{}` must be PascalCase (letters and digits, starting with a \
                         capital), such as `JobRef`",
                        shape.name
                    ),
                );
            } else if builtin(&shape.name).is_some() || PRELUDE.contains(&shape.name.as_str()) {
                file.reporter(out).error(
                    &at,
                    At::Value,
                    format!(
                        "shape name `{}` is taken by a built-in or Rust type; choose another",
                        shape.name
                    ),
                );
            } else if let Some(first) = known.get(shape.name.as_str()) {
                file.reporter(out).error(
                    &at,
                    At::Value,
                    format!(
                        "shape `{}` is already defined at {}",
                        shape.name,
                        first.describe()
                    ),
                );
            } else {
                known.insert(&shape.name, Origin { file, at });
            }
        }
    }

    let mut shapes = BTreeMap::new();
    for file in files {
        let mut report = file.reporter(out);
        for (i, raw) in file.raw.shapes.iter().enumerate() {
            let at = format!("shapes[{i}]");
            let mut fields = Vec::new();
            let mut rust_names: HashMap<String, &str> = HashMap::new();
            if raw.fields.is_empty() {
                report.error(
                    &format!("{at}.fields"),
                    At::Key,
                    format!("shape `{}` has no fields", raw.name),
                );
            }
            for (j, f) in raw.fields.iter().enumerate() {
                let fat = format!("{at}.fields[{j}]");
                let Some(rust) = snake_case(&f.name) else {
                    report.error(
                        &format!("{fat}.name"),
                        At::Value,
                        format!(
                            "field name `{}` cannot become a Rust name: use letters, digits and \
                             `_`, starting with a letter",
                            f.name
                        ),
                    );
                    continue;
                };
                if rust == EXTRA_FIELD {
                    report.error(
                        &format!("{fat}.name"),
                        At::Value,
                        format!(
                            "field name `{}` is the Rust name that keeps a shape's undeclared \
                             fields; the API's fields are kept there without declaring it",
                            f.name
                        ),
                    );
                    continue;
                }
                if let Some(other) = rust_names.get(&rust) {
                    report.error(
                        &format!("{fat}.name"),
                        At::Value,
                        format!(
                            "fields `{}` and `{}` of shape `{}` both become the Rust name `{}`",
                            other, f.name, raw.name, rust
                        ),
                    );
                    continue;
                }
                rust_names.insert(rust.clone(), &f.name);
                let ty = match builtin(&f.ty) {
                    Some(ty) => ty,
                    None if known.contains_key(f.ty.as_str()) => FieldType::Shape(f.ty.clone()),
                    None => {
                        report.error(
                            &format!("{fat}.type"),
                            At::Value,
                            format!(
                                "unknown type `{}`: use string, integer, boolean, number, json \
                                 or the name of a shape",
                                f.ty
                            ),
                        );
                        continue;
                    }
                };
                if f.list && f.map {
                    report.error(
                        &format!("{fat}.map"),
                        At::Key,
                        "a field is a `list` or a `map`, not both",
                    );
                    continue;
                }
                fields.push(Field {
                    name: f.name.clone(),
                    field: rust,
                    ty,
                    list: f.list,
                    map: f.map,
                    optional: f.optional,
                    description: f.description.trim().to_owned(),
                });
            }
            if known.contains_key(raw.name.as_str()) && !shapes.contains_key(&raw.name) {
                shapes.insert(
                    raw.name.clone(),
                    Shape {
                        name: raw.name.clone(),
                        description: raw.description.trim().to_owned(),
                        fields,
                        source: file.relative.to_owned(),
                    },
                );
            }
        }
    }

    // A shape that holds itself without a list in between has no finite size.
    for file in files {
        for (i, raw) in file.raw.shapes.iter().enumerate() {
            if let Some(via) = contains_itself(&raw.name, &shapes) {
                file.reporter(out).error(
                    &format!("shapes[{i}].name"),
                    At::Value,
                    format!(
                        "shape `{}` contains itself through {via}; make one of those fields a list",
                        raw.name
                    ),
                );
            }
        }
    }
    shapes
}

fn contains_itself(name: &str, shapes: &BTreeMap<String, Shape>) -> Option<String> {
    let mut stack = vec![(name.to_owned(), String::new())];
    let mut seen = Vec::new();
    while let Some((current, trail)) = stack.pop() {
        let Some(shape) = shapes.get(&current) else {
            continue;
        };
        for field in &shape.fields {
            if let (FieldType::Shape(target), false) = (&field.ty, field.list || field.map) {
                let step = if trail.is_empty() {
                    format!("`{}.{}`", current, field.name)
                } else {
                    format!("{trail}, `{}.{}`", current, field.name)
                };
                if target == name {
                    return Some(step);
                }
                if !seen.contains(target) {
                    seen.push(target.clone());
                    stack.push((target.clone(), step));
                }
            }
        }
    }
    None
}

fn builtin(name: &str) -> Option<FieldType> {
    match name {
        "string" => Some(FieldType::String),
        "integer" => Some(FieldType::Integer),
        "boolean" => Some(FieldType::Boolean),
        "number" => Some(FieldType::Number),
        "json" => Some(FieldType::Json),
        _ => None,
    }
}

pub(crate) fn is_pascal(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some('A'..='Z')) && chars.all(|c| c.is_ascii_alphanumeric())
}

fn is_version(v: &str) -> bool {
    let Some((major, minor)) = v.split_once('.') else {
        return false;
    };
    let digits = |s: &str| !s.is_empty() && s.len() <= 3 && s.bytes().all(|b| b.is_ascii_digit());
    digits(major) && digits(minor)
}

fn endpoint(
    raw: &raw::Endpoint,
    at: &str,
    file: &SourceFile<'_>,
    scope: &params::Scope<'_>,
    uses: &resources::UseScope<'_>,
    out: &mut Vec<Diagnostic>,
) -> Option<Endpoint> {
    let shapes = uses.shapes;
    let source = file.relative;
    let report = &mut file.reporter(out);
    let errors_before = report.out.len();
    let segments = path_segments(&raw.path, &format!("{at}.path"), report);

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

    // The request type's name, which its groups' names start with.
    let type_name = segments
        .as_ref()
        .and_then(|s| s.last())
        .map(|last| pascal_case(last))
        .unwrap_or_default();
    let params = params::params(
        &raw.params,
        &format!("{at}.params"),
        &type_name,
        scope,
        report,
    );
    let origin = raw.source.unwrap_or(Source::Reference);
    let response = responses::response(
        &raw.response,
        &format!("{at}.response"),
        origin,
        &params,
        shapes,
        report,
    );

    // Only a declared effect is checked: the defaults hold for every spec
    // written before the key existed.
    let effect = raw.effect.unwrap_or_else(|| {
        crate::model::default_effect(raw.method, &raw.path, raw.response.job.is_some())
    });
    let last = raw.path.rsplit('/').next().unwrap_or_default();
    let declared = raw.effect.is_some();
    if declared
        && effect == crate::model::Effect::Read
        && (raw.response.job.is_some() || crate::model::destroys_by_name(last))
    {
        report.error(
            &format!("{at}.effect"),
            At::Value,
            format!(
                "`effect: read` does not fit an endpoint that {}: declare `write` or \
                 `destructive`",
                if raw.response.job.is_some() {
                    "starts a job"
                } else {
                    "deletes, removes or revokes by its name"
                }
            ),
        );
    } else if declared
        && effect == crate::model::Effect::Write
        && crate::model::destroys_by_name(last)
    {
        report.error(
            &format!("{at}.effect"),
            At::Value,
            "an endpoint that deletes, removes or revokes by its name is `destructive`",
        );
    }
    if report.out.len() > errors_before {
        return None;
    }
    let segments = segments?;
    let response = response?;
    let resource = match &raw.resource {
        Some(r) => Some(resources::resource_use(
            r,
            &format!("{at}.resource"),
            &params,
            &response,
            effect,
            uses,
            report,
        )?),
        None => None,
    };
    let (_, parents) = segments.split_last()?;
    if PRELUDE.contains(&type_name.as_str()) {
        report.error(
            &format!("{at}.path"),
            At::Value,
            format!(
                "the last segment of `{}` would name the request type `{type_name}`, which is \
                 taken by a Rust type",
                raw.path
            ),
        );
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
        source: source.to_owned(),
        origin,
        effect,
        resource,
    })
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
