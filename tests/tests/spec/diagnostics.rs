//! Broken specs: each gives the exact `file:line:col: message` a person sees
//! from `sitehost-codegen check` (the same messages fail `cargo build`; see
//! regeneration.rs). That codegen never panics, whatever the input, is
//! never_panics.rs.

/// A valid endpoint; cases edit it.
const OK: &str = r#"endpoints:
  - path: /server/get
    version: "1.2"
    method: GET
    summary: Gets a server.
    params:
      - name: client_id
        type: integer
        required: true
        description: The client.
        example: 1
      - name: name
        type: string
        required: true
        description: The server.
    response:
      example: '{"return": {}, "msg": "", "status": true}'
"#;

use sitehost_tests::diagnostics::{check, edited, expect, expect_alone, passes};

/// The crate's job file, for the cases about it.
const JOB: &str = include_str!("../../../spec/job.yaml");

fn edit(from: &str, to: &str) -> String {
    edited(OK, from, to)
}

#[test]
fn the_valid_base_passes() {
    passes("ok", OK);
}

#[test]
fn yaml_syntax_error() {
    expect(
        "syntax",
        &[("a.yaml", &edit("method: GET", "method: GET: POST"))],
        &["spec/a.yaml:4:16: mapping values are not allowed in this context"],
    );
}

#[test]
fn unknown_key() {
    expect(
        "unknown-key",
        &[("a.yaml", &edit("summary:", "summry:"))],
        &[
            "spec/a.yaml:5:5: endpoints[0]: unknown field `summry`, expected one of `path`, `version`, `method`, `summary`, `description`, `type_name`, `source`, `effect`, `params`, `response`, `resource`",
        ],
    );
}

#[test]
fn unknown_parameter_type() {
    expect(
        "unknown-type",
        &[("a.yaml", &edit("type: integer", "type: int"))],
        &[
            "spec/a.yaml:8:15: unknown type `int`: use string, integer, boolean, job_type or the name of an enum under `enums:`",
        ],
    );
}

#[test]
fn missing_field() {
    expect(
        "missing-field",
        &[("a.yaml", &edit("    method: GET\n", ""))],
        &["spec/a.yaml:2:5: endpoints[0]: missing field `method`"],
    );
}

#[test]
fn duplicate_endpoint_across_files() {
    expect(
        "duplicate-endpoint",
        &[
            ("a.yaml", OK),
            ("b.yaml", &edit("version: \"1.2\"", "version: \"1.3\"")),
        ],
        &[
            "spec/b.yaml:2:11: endpoint /server/get is already defined at spec/a.yaml:2 (version 1.2); the spec holds one version of each path: change that endpoint's `version` to move it",
        ],
    );
}

#[test]
fn duplicate_parameter() {
    expect(
        "duplicate-param",
        &[("a.yaml", &edit("- name: name", "- name: client_id"))],
        &["spec/a.yaml:12:15: parameter `client_id` is listed twice (first as parameter 1)"],
    );
}

#[test]
fn malformed_version() {
    expect(
        "malformed-version",
        &[("a.yaml", &edit("\"1.2\"", "\"v1.2\""))],
        &["spec/a.yaml:3:14: malformed version \"v1.2\": write major.minor, such as \"1.3\""],
    );
}

#[test]
fn unquoted_version() {
    expect(
        "unquoted-version",
        &[("a.yaml", &edit("\"1.2\"", "1.0"))],
        &[
            "spec/a.yaml:3:14: endpoints[0].version: write the version as a quoted string such as \"1.3\" (YAML reads 1.0 as the number 1)",
        ],
    );
}

#[test]
fn bad_path_characters() {
    expect(
        "bad-path",
        &[("a.yaml", &edit("/server/get", "/server/get all"))],
        &[
            "spec/a.yaml:2:11: bad path `/server/get all`: ` ` is not allowed; segments use letters, digits, `_` and `-`",
        ],
    );
}

#[test]
fn path_with_version_or_json() {
    expect(
        "path-version",
        &[
            ("a.yaml", &edit("/server/get", "/1.2/server/get")),
            ("b.yaml", &edit("/server/get", "/server/list.json")),
            ("c.yaml", &edit("/server/get", "server/info")),
        ],
        &[
            "spec/a.yaml:2:11: bad path `/1.2/server/get`: leave the version out of the path; it goes in `version`",
            "spec/b.yaml:2:11: bad path `/server/list.json`: leave out `.json`; it is added to every URL",
            "spec/c.yaml:2:11: bad path `server/info`: it must start with `/`",
        ],
    );
}

#[test]
fn parameter_names_that_collide_in_rust() {
    expect(
        "param-collide",
        &[("a.yaml", &edit("- name: name", "- name: clientId"))],
        &[
            "spec/a.yaml:12:15: parameters `client_id` and `clientId` both become the Rust name `client_id`",
        ],
    );
}

#[test]
fn paths_that_collide_in_rust() {
    expect(
        "path-collide",
        &[
            ("a.yaml", OK),
            ("b.yaml", &edit("/server/get", "/server_get")),
        ],
        &[
            "spec/b.yaml:2:11: /server_get and /server/get (at spec/a.yaml:2) both become the Rust name `server_get`; rename one path segment",
        ],
    );
}

#[test]
fn empty_spec() {
    expect_alone(
        "empty-file",
        &[("a.yaml", "# nothing yet\n")],
        &["spec/a.yaml:1:1: the spec defines no endpoints"],
    );
    expect_alone(
        "no-files",
        &[("README.md", "# notes\n")],
        &["spec:1:1: the spec folder has no .yaml files"],
    );
}

#[test]
fn list_without_an_encoding() {
    expect(
        "list-encoding",
        &[(
            "a.yaml",
            &edit(
                "        required: true\n        description: The server.",
                "        required: true\n        list: true\n        description: The server.",
            ),
        )],
        &[
            "spec/a.yaml:15:9: a list needs its wire form: `encoding: indexed` (name[0]=x, name[1]=y) or `encoding: brackets` (name[]=x, name[]=y)",
        ],
    );
}

#[test]
fn required_not_a_boolean() {
    expect(
        "required-bool",
        &[("a.yaml", &edit("required: true", "required: yes"))],
        &[
            "spec/a.yaml:9:19: endpoints[0].params[0].required: invalid type: string \"yes\", expected a boolean",
        ],
    );
}

#[test]
fn example_of_the_wrong_type() {
    expect(
        "example-type",
        &[("a.yaml", &edit("example: 1", "example: one"))],
        &[
            "spec/a.yaml:11:18: the example \"one\" (a string) does not match the type of `client_id`, which is integer",
        ],
    );
}

#[test]
fn apikey_and_bracketed_names_and_bad_names() {
    expect(
        "param-names",
        &[
            ("a.yaml", &edit("- name: name", "- name: apikey")),
            (
                "b.yaml",
                &edit("- name: name", "- name: containers[0]").replace("/server/get", "/server/b"),
            ),
            (
                "c.yaml",
                &edit("- name: name", "- name: 2fa").replace("/server/get", "/server/c"),
            ),
        ],
        &[
            "spec/a.yaml:12:15: `apikey` is sent first on every call by the client; do not list it",
            "spec/b.yaml:12:15: write a parameter by its plain name (`name: containers`): lists take `list: true`, groups `members:`, maps `map: true`; the brackets are added on the wire",
            "spec/c.yaml:12:15: parameter name `2fa` cannot become a Rust name: use letters, digits and `_`, starting with a letter, or give it a `field:`",
        ],
    );
}

#[test]
fn unknown_method_and_job_type() {
    expect(
        "method",
        &[("a.yaml", &edit("method: GET", "method: PUT"))],
        &["spec/a.yaml:4:13: endpoints[0].method: unknown variant `PUT`, expected `GET` or `POST`"],
    );
    expect(
        "job-type",
        &[(
            "a.yaml",
            &edit("    response:\n", "    response:\n      job: cron\n"),
        )],
        &[
            "spec/a.yaml:17:12: endpoints[0].response.job: unknown variant `cron`, expected `daemon` or `scheduler`",
        ],
    );
}

const SHAPES: &str = r#"
shapes:
  - name: Server
    description: A server.
    fields:
      - name: name
        type: string
        description: Its name.
      - name: ram
        type: integer
        description: Memory.
"#;

fn with_shape(response: &str, shapes: &str) -> String {
    let mut text = OK.replacen(
        "    response:\n      example: '{\"return\": {}, \"msg\": \"\", \"status\": true}'\n",
        response,
        1,
    );
    text.push_str(shapes);
    text
}

#[test]
fn shape_problems() {
    expect(
        "unknown-shape",
        &[(
            "a.yaml",
            &with_shape(
                "    response:\n      type: Sever\n      example: '{\"return\": {}, \"msg\": \"\", \"status\": true}'\n",
                SHAPES,
            ),
        )],
        &[
            "spec/a.yaml:17:13: unknown type `Sever`: name a shape defined under `shapes:` in any spec file, or string, integer, boolean or number",
        ],
    );
    let ok_response = "    response:\n      type: Server\n      example: '{\"return\": {\"name\": \"a\", \"ram\": \"2\"}, \"msg\": \"\", \"status\": true}'\n";
    expect(
        "duplicate-shape",
        &[
            ("a.yaml", &with_shape(ok_response, SHAPES)),
            ("b.yaml", SHAPES),
        ],
        &["spec/b.yaml:3:11: shape `Server` is already defined at spec/a.yaml:21"],
    );
    expect(
        "field-type",
        &[(
            "a.yaml",
            &with_shape(
                ok_response,
                &SHAPES.replace("type: integer", "type: Integer"),
            ),
        )],
        &[
            "spec/a.yaml:28:15: unknown type `Integer`: use string, integer, boolean, number, json or the name of a shape",
        ],
    );
    expect(
        "shape-name",
        &[(
            "a.yaml",
            &with_shape(
                ok_response,
                &SHAPES.replace("name: Server", "name: server_info"),
            ),
        )],
        &[
            "spec/a.yaml:17:13: unknown type `Server`: name a shape defined under `shapes:` in any spec file, or string, integer, boolean or number",
            "spec/a.yaml:21:11: shape name `server_info` must be PascalCase (letters and digits, starting with a capital), such as `JobRef`",
        ],
    );
    expect(
        "recursive-shape",
        &[(
            "a.yaml",
            &with_shape(
                ok_response,
                &SHAPES.replace("type: integer", "type: Server"),
            ),
        )],
        &[
            "spec/a.yaml:18:16: the response example has `return.ram` that is not an object, but shape `Server` is",
            "spec/a.yaml:21:11: shape `Server` contains itself through `Server.ram`; make one of those fields a list",
        ],
    );
}

#[test]
fn response_example_problems() {
    let response =
        |example: &str| format!("    response:\n      type: Server\n      example: '{example}'\n");
    expect(
        "example-json",
        &[("a.yaml", &with_shape(&response("{\"return\": }"), SHAPES))],
        &[
            "spec/a.yaml:18:16: the response example is not valid JSON: expected value at line 1 column 12",
        ],
    );
    expect(
        "example-envelope",
        &[(
            "a.yaml",
            &with_shape(
                &response("{\"return\": {\"name\": \"a\", \"ram\": 2}, \"msg\": \"\"}"),
                SHAPES,
            ),
        )],
        &["spec/a.yaml:18:16: the response example has no `status`: write the whole envelope"],
    );
    expect(
        "example-shape",
        &[(
            "a.yaml",
            &with_shape(
                &response("{\"return\": {\"name\": \"a\"}, \"msg\": \"\", \"status\": true}"),
                SHAPES,
            ),
        )],
        &[
            "spec/a.yaml:18:16: the response example has no `return.ram`, which shape `Server` requires (mark the field `required: false` if the API may leave it out)",
        ],
    );
    expect(
        "example-field-type",
        &[(
            "a.yaml",
            &with_shape(
                &response(
                    "{\"return\": {\"name\": \"a\", \"ram\": \"lots\"}, \"msg\": \"\", \"status\": true}",
                ),
                SHAPES,
            ),
        )],
        &[
            "spec/a.yaml:18:16: the response example has `return.ram` = \"lots\", which is not an integer",
        ],
    );
}

#[test]
fn sources_and_keyed_maps() {
    // A shape from the official SDK needs no example; one from a page does.
    let official = "    source: official-sdk\n    response:\n      type: Server\n";
    passes("official", &with_shape(official, SHAPES));
    expect(
        "no-example",
        &[(
            "a.yaml",
            &with_shape("    response:\n      type: Server\n", SHAPES),
        )],
        &[
            "spec/a.yaml:16:5: a response with a `type` or a `job` needs its documented `example`; where the reference shows none, leave `return` untyped (no `type`), or say `source: official-sdk` where the official SDK decodes it",
        ],
    );
    expect(
        "source-without-shape",
        &[(
            "a.yaml",
            &with_shape("    response:\n      source: official-sdk\n", SHAPES),
        )],
        &[
            "spec/a.yaml:17:7: `source` says where the response's `type` comes from; this response has none",
        ],
    );
    expect(
        "bad-source",
        &[(
            "a.yaml",
            &with_shape(
                "    source: gosh\n    response:\n      type: Server\n",
                SHAPES,
            ),
        )],
        &[
            "spec/a.yaml:16:13: endpoints[0].source: unknown variant `gosh`, expected `reference` or `official-sdk`",
        ],
    );
    expect(
        "map-without-type",
        &[(
            "a.yaml",
            &with_shape("    response:\n      map: true\n      depth: 2\n", SHAPES),
        )],
        &[
            "spec/a.yaml:17:7: `map: true` says `return` is an object keyed by data whose values are of `type`: it needs a `type`, and takes no `paged` or `job`",
        ],
    );
    expect(
        "depth-without-map",
        &[(
            "a.yaml",
            &with_shape(
                "    response:\n      type: Server\n      source: official-sdk\n      depth: 2\n",
                SHAPES,
            ),
        )],
        &["spec/a.yaml:19:7: `depth` counts the levels of keys of a map: add `map: true`"],
    );
    expect(
        "reserved-field",
        &[(
            "a.yaml",
            &with_shape(
                "    source: official-sdk\n    response:\n      type: Server\n",
                &SHAPES.replace("name: ram", "name: __extra"),
            ),
        )],
        &[
            "spec/a.yaml:27:15: field name `__extra` is the Rust name that keeps a shape's undeclared fields; the API's fields are kept there without declaring it",
        ],
    );
}

#[test]
fn declared_effects() {
    expect(
        "read-job",
        &[(
            "a.yaml",
            &with_shape(
                "    effect: read\n    response:\n      type: JobStarted\n      job: daemon\n      source: official-sdk\n",
                SHAPES,
            ),
        )],
        &[
            "spec/a.yaml:16:13: `effect: read` does not fit an endpoint that starts a job: declare `write` or `destructive`",
        ],
    );
    let delete = OK.replace("path: /server/get", "path: /server/delete");
    expect(
        "write-delete",
        &[(
            "a.yaml",
            &delete.replace("    method: GET\n", "    method: GET\n    effect: write\n"),
        )],
        &[
            "spec/a.yaml:5:13: an endpoint that deletes, removes or revokes by its name is `destructive`",
        ],
    );
    expect(
        "bad-effect",
        &[(
            "a.yaml",
            &OK.replace(
                "    method: GET\n",
                "    method: GET\n    effect: harmless\n",
            ),
        )],
        &[
            "spec/a.yaml:5:13: endpoints[0].effect: unknown variant `harmless`, expected one of `read`, `write`, `destructive`",
        ],
    );
}

#[test]
fn job_problems() {
    let job_response = "    response:\n      type: Server\n      job: scheduler\n      example: '{\"return\": {\"name\": \"a\", \"ram\": 2}, \"msg\": \"\", \"status\": true}'\n";
    expect(
        "job-id",
        &[("a.yaml", &with_shape(job_response, SHAPES))],
        &[
            "spec/a.yaml:18:12: an endpoint that starts a scheduler job must return a single shape with a required integer field `job_id` (such as JobRef), a required field `job` holding a required integer `id` and a string `type` (such as JobRefObject), or both as optional fields, one of which a response holds (such as JobStarted)",
        ],
    );
    let shapes = SHAPES.replace("name: ram", "name: job_id");
    let job_response = job_response.replace("\"ram\"", "\"job_id\"");
    expect_alone(
        "job-get",
        &[("a.yaml", &with_shape(&job_response, &shapes))],
        &[
            "spec/a.yaml:18:12: this endpoint starts a job, but the spec has no /job/get endpoint to wait on it with",
        ],
    );
}

#[test]
fn summary_and_type_names() {
    expect(
        "summary",
        &[(
            "a.yaml",
            &edit("summary: Gets a server.", "summary: \"  \""),
        )],
        &[
            "spec/a.yaml:5:14: the summary is empty: copy the one-line description from the API page",
        ],
    );
    expect(
        "prelude",
        &[("a.yaml", &edit("/server/get", "/server/option"))],
        &[
            "spec/a.yaml:2:11: the last segment of `/server/option` would name the request type `Option`, which is taken by a Rust type: name it with `type_name:` (such as `OptionServer`)",
        ],
    );
    expect(
        "type-name-taken",
        &[(
            "a.yaml",
            &edit(
                "summary: Gets a server.",
                "summary: Gets a server.\n    type_name: Copy",
            ),
        )],
        &["spec/a.yaml:6:16: `Copy` is taken by a Rust type: choose another `type_name`"],
    );
    expect(
        "type-name-case",
        &[(
            "a.yaml",
            &edit(
                "summary: Gets a server.",
                "summary: Gets a server.\n    type_name: get_it",
            ),
        )],
        &[
            "spec/a.yaml:6:16: `get_it` cannot name a request type: use PascalCase, such as `CopyStack`",
        ],
    );
    let renamed = edit("/server/get\n", "/server/copy\n    type_name: CopyServer\n");
    passes("type-name", &renamed);
}

#[test]
fn a_file_that_is_not_a_mapping() {
    expect(
        "not-a-mapping",
        &[("a.yaml", "- path: /server/get\n")],
        &["spec/a.yaml:1:1: invalid type: sequence, expected struct File"],
    );
}

#[test]
fn every_problem_is_reported_not_just_the_first() {
    let (code, err) = check(
        "many",
        &[
            ("a.yaml", &edit("type: integer", "type: int")),
            (
                "b.yaml",
                &edit("\"1.2\"", "\"one\"").replace("/server/get", "/server/b"),
            ),
            (
                "c.yaml",
                &edit("example: 1", "example: x").replace("/server/get", "/server/c"),
            ),
        ],
    );
    assert_eq!(code, 1);
    assert_eq!(
        err.lines()
            .filter(|l| l.starts_with("error: spec/"))
            .count(),
        3,
        "{err}"
    );
}

/// The base spec with `name` made into `replacement` (a parameter at the
/// same indentation).
fn with_param(replacement: &str) -> String {
    edit(
        "      - name: name\n        type: string\n        required: true\n        description: The server.\n",
        replacement,
    )
}

const ENUMS: &str =
    "enums:\n  - name: SortDir\n    description: A direction.\n    values: [ASC, DESC]\n";

#[test]
fn compound_parameter_problems() {
    expect(
        "type-and-members",
        &[(
            "a.yaml",
            &with_param(
                "      - name: params\n        type: string\n        required: true\n        description: Settings.\n        members:\n          - name: label\n            type: string\n            required: true\n            description: A label.\n",
            ),
        )],
        &["spec/a.yaml:16:9: a parameter has a `type` or `members` (a group), not both"],
    );
    expect(
        "no-members",
        &[(
            "a.yaml",
            &with_param(
                "      - name: params\n        required: true\n        description: Settings.\n        members: []\n",
            ),
        )],
        &["spec/a.yaml:15:9: group `params` has no members"],
    );
    expect(
        "neither",
        &[(
            "a.yaml",
            &with_param(
                "      - name: params\n        required: true\n        description: Settings.\n",
            ),
        )],
        &[
            "spec/a.yaml:12:13: parameter `params` needs a `type` (string, integer, boolean, job_type or an enum's name) or `members` (a group)",
        ],
    );
    expect(
        "enum-example",
        &[
            (
                "a.yaml",
                &with_param(
                    "      - name: sort_dir\n        type: SortDir\n        required: true\n        description: The direction.\n        example: UP\n",
                ),
            ),
            ("enums.yaml", ENUMS),
        ],
        &[
            "spec/a.yaml:16:18: the example \"UP\" (a string) does not match the type of `sort_dir`, which is enum SortDir (ASC, DESC)",
        ],
    );
    expect(
        "or-auto",
        &[(
            "a.yaml",
            &with_param(
                "      - name: ipv4\n        type: string\n        required: false\n        or_auto: true\n        description: Addresses.\n",
            ),
        )],
        &[
            "spec/a.yaml:15:9: `or_auto: true` is for a list of strings that may be the single value `auto`",
        ],
    );
    expect(
        "enum-variant",
        &[
            ("a.yaml", OK),
            (
                "enums.yaml",
                "enums:\n  - name: Family\n    description: An address family.\n    values: [\"4\", \"6\"]\n",
            ),
        ],
        &[
            "spec/enums.yaml:4:14: value `4` cannot become a Rust variant of its own: use letters, digits and `_`, starting with a letter, and values that differ in more than letter case",
            "spec/enums.yaml:4:19: value `6` cannot become a Rust variant of its own: use letters, digits and `_`, starting with a letter, and values that differ in more than letter case",
        ],
    );
    expect(
        "paged-param",
        &[(
            "a.yaml",
            &edit(
                "    response:\n      example:",
                "    response:\n      paged: {number: \"filters[page_number]\", size: \"filters[page_size]\"}\n      example:",
            ),
        )],
        &[
            "spec/a.yaml:17:23: page parameter `filters[page_number]` is not one of the endpoint's parameters",
            "spec/a.yaml:17:53: page parameter `filters[page_size]` is not one of the endpoint's parameters",
        ],
    );
}

#[test]
fn a_job_endpoint_the_client_cannot_poll_with() {
    // /job/get without a job type parameter: the client could not make it.
    let job = JOB.replacen("type: job_type", "type: integer", 1).replacen(
        "example: scheduler",
        "example: 1",
        1,
    );
    expect(
        "job-params",
        &[("a.yaml", OK), ("job.yaml", &job)],
        &[
            "spec/job.yaml:15:5: /job/get must take exactly two required parameters, the job's ID (`type: integer`) and its type (`type: job_type`, or `string` as specs before job_type wrote it), in the order of its API version; other parameters must be optional",
        ],
    );
    // A status without `state`: the client could not tell when a job is done.
    let job = JOB
        .replacen("      - name: state\n", "      - name: status\n", 1)
        .replacen("\"state\": \"Completed\"", "\"status\": \"Completed\"", 1);
    expect(
        "job-state",
        &[("a.yaml", OK), ("job.yaml", &job)],
        &[
            "spec/job.yaml:26:5: /job/get must return a single shape with a required string field `state`, which the client reads to know when a job has finished",
        ],
    );
}
