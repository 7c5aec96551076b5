//! Broken resource declarations (`resources:` and an endpoint's
//! `resource:`): each gives the exact `file:line:col: message` a person
//! sees from `sitehost-codegen check`.

use sitehost_tests::diagnostics::{edited, expect, passes};

/// A valid spec with a resource and two endpoints that use it; cases edit it.
const OK: &str = r#"endpoints:
  - path: /thing/add
    version: "1.5"
    source: official-sdk
    method: POST
    summary: Adds a thing.
    resource: {name: thing, op: create, key: {server: server}, returns_id: id}
    params:
      - {name: client_id, type: integer, required: true, description: The client.}
      - {name: server, type: string, required: true, description: The server.}
      - {name: label, type: string, required: true, description: The label.}
    response:
      shape: ThingId
  - path: /thing/get
    version: "1.5"
    source: official-sdk
    method: GET
    summary: Gets a thing.
    resource: {name: thing, op: get, key: {server: server, id: thing_id}}
    params:
      - {name: client_id, type: integer, required: true, description: The client.}
      - {name: server, type: string, required: true, description: The server.}
      - {name: thing_id, type: integer, required: true, description: The thing.}
    response:
      shape: Thing
shapes:
  - name: Thing
    description: A thing.
    fields:
      - {name: id, type: integer, description: Its ID.}
      - {name: server, type: string, description: Its server.}
      - {name: label, type: string, description: Its label.}
      - {name: tags, type: string, list: true, description: Its tags.}
  - name: ThingId
    description: A new thing's ID.
    fields:
      - {name: id, type: integer, description: The ID.}
resources:
  - name: thing
    description: A thing on a server.
    shape: Thing
    key: [server, id]
    id: id
"#;

fn edit(from: &str, to: &str) -> String {
    edited(OK, from, to)
}

#[test]
fn the_valid_base_passes() {
    passes("res-ok", OK);
}

#[test]
fn unknown_resource() {
    expect(
        "res-unknown-resource",
        &[(
            "a.yaml",
            &edit("{name: thing, op: get", "{name: thingy, op: get"),
        )],
        &[
            "spec/a.yaml:19:22: unknown resource `thingy`: declare it under `resources:` (declared: thing)",
        ],
    );
}

#[test]
fn endpoint_of_another_area() {
    // Each first path segment is a cargo feature: `/other/get` would be
    // compiled without the `thing` it names (the area of `thing.yaml`).
    expect(
        "res-endpoint-of-another-area",
        &[("thing.yaml", &edit("/thing/get", "/other/get"))],
        &[
            "spec/thing.yaml:19:22: resource `thing` is in area `thing`, but the endpoint `/other/get` that names it is in area `other`: each first path segment is a cargo feature that compiles alone, so a resource's endpoints, parent and references are of its own area",
        ],
    );
}

#[test]
fn not_a_key_field() {
    expect(
        "res-not-a-key-field",
        &[(
            "a.yaml",
            &edit(
                "key: {server: server, id: thing_id}",
                "key: {server: server, label: thing_id}",
            ),
        )],
        &[
            "spec/a.yaml:19:38: `op: get` acts on one `thing`: say which parameter gives its key field `id`",
            "spec/a.yaml:19:60: `label` is not a key field of `thing` (server, id)",
        ],
    );
}

#[test]
fn not_a_param() {
    expect(
        "res-not-a-param",
        &[(
            "a.yaml",
            &edit(
                "key: {server: server, id: thing_id}",
                "key: {server: server, id: thingid}",
            ),
        )],
        &[
            "spec/a.yaml:19:64: `thingid` is not a single-valued parameter of this endpoint (client_id, server, thing_id)",
        ],
    );
}

#[test]
fn get_needs_the_whole_key() {
    expect(
        "res-get-needs-the-whole-key",
        &[(
            "a.yaml",
            &edit(
                "key: {server: server, id: thing_id}",
                "key: {server: server}",
            ),
        )],
        &[
            "spec/a.yaml:19:38: `op: get` acts on one `thing`: say which parameter gives its key field `id`",
        ],
    );
}

#[test]
fn allocated_id_given() {
    expect(
        "res-allocated-id-given",
        &[(
            "a.yaml",
            &edit(
                "key: {server: server}, returns_id",
                "key: {server: server, id: label}, returns_id",
            ),
        )],
        &["spec/a.yaml:7:63: `id` is allocated by the API on create: no parameter sets it"],
    );
}

#[test]
fn op_against_effect() {
    expect(
        "res-op-against-effect",
        &[("a.yaml", &edit("op: get", "op: update"))],
        &["spec/a.yaml:19:33: `op: update` does not fit an endpoint whose effect is `read`"],
    );
}

#[test]
fn unknown_op() {
    expect(
        "res-unknown-op",
        &[("a.yaml", &edit("op: get", "op: fetch"))],
        &[
            "spec/a.yaml:19:33: endpoints[1].resource.op: unknown variant `fetch`, expected one of `create`, `get`, `list`, `update`, `delete`, `action`, `set`",
        ],
    );
}

#[test]
fn unknown_shape() {
    expect(
        "res-unknown-shape",
        &[(
            "a.yaml",
            &edit("shape: Thing\n    key", "shape: Thng\n    key"),
        )],
        &[
            "spec/a.yaml:41:12: unknown shape `Thng`: a resource is stored and returned in a shape defined under `shapes:`",
        ],
    );
}

#[test]
fn list_key_field() {
    expect(
        "res-list-key-field",
        &[("a.yaml", &edit("key: [server, id]", "key: [server, tags]"))],
        &[
            "spec/a.yaml:42:19: key field `tags` must be a single value, not a list, map or shape",
            "spec/a.yaml:43:9: `id: id` names the key field the API allocates; it is not one of `key` (server, tags)",
        ],
    );
}

#[test]
fn id_not_in_key() {
    expect(
        "res-id-not-in-key",
        &[("a.yaml", &edit("    id: id\n", "    id: label\n"))],
        &[
            "spec/a.yaml:43:9: `id: label` names the key field the API allocates; it is not one of `key` (server, id)",
        ],
    );
}

#[test]
fn returns_id_elsewhere() {
    expect(
        "res-returns-id-elsewhere",
        &[("a.yaml", &edit("returns_id: id", "returns_id: thing_id"))],
        &["spec/a.yaml:7:76: `thing_id` is not a field of this endpoint's response shape"],
    );
}

#[test]
fn parent_unknown() {
    expect(
        "res-parent-unknown",
        &[(
            "a.yaml",
            &edit(
                "    id: id\n",
                "    id: id\n    parent: {resource: server, key: {server: name}}\n",
            ),
        )],
        &["spec/a.yaml:44:24: unknown resource `server`: declare it under `resources:`"],
    );
}

#[test]
fn not_snake() {
    expect(
        "res-not-snake",
        &[("a.yaml", &edit("  - name: thing\n", "  - name: Thing\n"))],
        &[
            "spec/a.yaml:7:22: unknown resource `thing`: declare it under `resources:` (declared: Thing)",
            "spec/a.yaml:19:22: unknown resource `thing`: declare it under `resources:` (declared: Thing)",
            "spec/a.yaml:39:11: resource name `Thing` must be snake case, such as `dns_record`",
        ],
    );
}

#[test]
fn typo() {
    expect(
        "res-typo",
        &[(
            "a.yaml",
            &edit("    id: id\n", "    id: id\n    kye: [x]\n"),
        )],
        &[
            "spec/a.yaml:44:5: resources[0]: unknown field `kye`, expected one of `name`, `description`, `shape`, `key`, `id`, `parent`, `created`, `updated`, `desired`, `unmanaged`",
        ],
    );
}

#[test]
fn get_of_a_list() {
    expect(
        "res-get-of-a-list",
        &[(
            "a.yaml",
            &edit(
                "      shape: Thing\nshapes:",
                "      shape: Thing\n      list: true\nshapes:",
            ),
        )],
        &[
            "spec/a.yaml:19:5: `op: get` returns one resource: the response needs a shape as its `type`, and no `list`, `map`, `paged` or `job`",
        ],
    );
}

#[test]
fn set_a_list() {
    expect(
        "res-set-a-list",
        &[(
            "a.yaml",
            &edit(
                "key: {server: server, id: thing_id}}",
                "key: {server: server, id: thing_id}, set: {label: [a]}}",
            ),
        )],
        &["spec/a.yaml:19:88: a value assigned is a text, an integer or a boolean"],
    );
}

#[test]
fn broken_resource() {
    expect(
        "res-broken-resource",
        &[(
            "a.yaml",
            &edit("    id: id\n", "    id: id\n    created: [tags]\n"),
        )],
        &["spec/a.yaml:44:15: time field `tags` must be a single value, not a list, map or shape"],
    );
}

#[test]
fn list_of_another() {
    expect(
        "res-list-of-another",
        &[("a.yaml", &edit("op: get", "op: list"))],
        &[
            "spec/a.yaml:19:5: `op: list` returns a list or a page: the response needs `list: true`, `paged`, or a shape with `total_items` and a list `data`",
        ],
    );
}

#[test]
fn create_needs_key() {
    expect(
        "res-create-needs-key",
        &[(
            "a.yaml",
            &edit("key: {server: server}, returns_id", "returns_id"),
        )],
        &[
            "spec/a.yaml:7:5: `op: create` of `thing` needs the parameter that gives its key field `server`",
        ],
    );
}

#[test]
fn field_not_in_shape() {
    expect(
        "res-field-not-in-shape",
        &[(
            "a.yaml",
            &edit(
                "returns_id: id}",
                "returns_id: id, fields: {colour: label}}",
            ),
        )],
        &[
            "spec/a.yaml:7:97: field `colour` is not a field of shape `Thing` (id, server, label, tags)",
        ],
    );
}

#[test]
fn a_list_parameter_sets_a_list_field_only() {
    let spec = edit(
        "returns_id: id}",
        "returns_id: id, fields: {label: tag}}",
    )
    .replacen(
        "      - {name: label, type: string, required: true, description: The label.}\n",
        "      - {name: label, type: string, required: true, description: The label.}\n      - {name: tag, type: string, required: false, list: brackets, description: Tags.}\n",
        1,
    );
    expect(
        "res-list-to-scalar",
        &[("a.yaml", &spec)],
        &[
            "spec/a.yaml:7:96: `tag` is a list: it sets a field that is a list of single values, which `label` of shape `Thing` is not",
        ],
    );
}

/// The base with a list endpoint of its things, and `desired` appended to
/// the resource.
fn with_desired(desired: &str) -> String {
    let list = "  - path: /thing/list
    version: \"1.5\"
    source: official-sdk
    method: GET
    summary: Lists things.
    resource: {name: thing, op: list, key: {server: server}}
    params:
      - {name: client_id, type: integer, required: true, description: The client.}
      - {name: server, type: string, required: true, description: The server.}
    response:
      shape: Thing
      list: true
shapes:";
    format!("{}{desired}", OK.replacen("shapes:", list, 1))
}

#[test]
fn desired_state_declarations() {
    passes(
        "desired-ok",
        &with_desired("    desired:\n      match: [server, label]\n"),
    );
    expect(
        "desired-no-list",
        &[(
            "a.yaml",
            &format!("{OK}    desired:\n      match: [label]\n"),
        )],
        &[
            "spec/a.yaml:44:5: desired state needs an endpoint that does `op: list` to `thing`, and the spec has none",
        ],
    );
    expect(
        "desired-unknown-field",
        &[(
            "a.yaml",
            &with_desired("    desired:\n      match: [label, colour]\n"),
        )],
        &["spec/a.yaml:57:22: `colour` is not a field of shape `Thing`"],
    );
    expect(
        "desired-match-id",
        &[(
            "a.yaml",
            &with_desired("    desired:\n      match: [server, id]\n"),
        )],
        &[
            "spec/a.yaml:57:23: `id` is the ID the API allocates, which a state file cannot know: match by fields the file writes",
        ],
    );
    expect(
        "desired-secret",
        &[(
            "a.yaml",
            &with_desired("    desired:\n      match: [server, label]\n      secret: [tags]\n"),
        )],
        &["spec/a.yaml:58:16: `tags` is not a field the create endpoint sets"],
    );
    expect(
        "desired-default-of-a-field",
        &[(
            "a.yaml",
            &with_desired(
                "    desired:\n      match: [server, label]\n      defaults: {label: x}\n",
            ),
        )],
        &[
            "spec/a.yaml:58:18: `label` is a field of `Thing`: a state file writes it, and the API returns it",
        ],
    );
}

#[test]
fn desired_state_keys_for_returned_names_secrets_and_changes() {
    passes(
        "desired-more-ok",
        &with_desired(
            "    desired:\n      match: [server, label]\n      returns_secret: [id]\n      fixed: refuse\n",
        ),
    );
    let cases: [(&str, &str, &[&str]); 5] = [
        (
            "desired-or-match-nothing-returned",
            "      or_match: [label]\n",
            &[
                "spec/a.yaml:58:7: `or_match` is for objects that leave out a match field their create returns, and the create endpoint returns none (`returns_id` naming a field of `match`)",
            ],
        ),
        (
            "desired-or-match-list",
            "      or_match: [tags]\n",
            &[
                "spec/a.yaml:58:7: `or_match` is for objects that leave out a match field their create returns, and the create endpoint returns none (`returns_id` naming a field of `match`)",
                "spec/a.yaml:58:18: `tags` is not a single-valued field of shape `Thing` to match by",
            ],
        ),
        (
            "desired-returns-secret",
            "      returns_secret: [label]\n",
            &["spec/a.yaml:58:24: `label` is not a field of the create endpoint's response"],
        ),
        (
            "desired-changes-not-an-update",
            "      changes: {label: [/thing/get]}\n",
            &[
                "spec/a.yaml:58:25: `/thing/get` is not an endpoint that does `op: update` to `thing` and sets `label`",
            ],
        ),
        (
            "desired-fixed",
            "      fixed: sometimes\n",
            &["spec/a.yaml:58:14: `fixed` is `replace` or `refuse`, not `sometimes`"],
        ),
    ];
    for (name, line, messages) in cases {
        let desired = format!("    desired:\n      match: [server, label]\n{line}");
        expect(name, &[("a.yaml", &with_desired(&desired))], messages);
    }
}

#[test]
fn desired_state_keys_for_objects_held_by_their_parent_sets_and_references() {
    let cases: [(&str, &str, &[&str]); 5] = [
        (
            "desired-bare-list-item-not-returned",
            "      bare_list: {field: tags, item: nothing}\n",
            &[
                "spec/a.yaml:58:38: `nothing` is not a field of shape `Thing`, which `/thing/list` returns",
            ],
        ),
        (
            "desired-bare-list-of-a-single-value",
            "      bare_list: {field: label, item: label}\n",
            &["spec/a.yaml:58:26: `label` is not a list field of shape `Thing`"],
        ),
        (
            "desired-bare-list-unknown-key",
            "      bare_list: {field: tags, items: label}\n",
            &[
                "spec/a.yaml:58:32: resources[0].desired.bare_list: unknown field `items`, expected `field` or `item`",
            ],
        ),
        (
            "desired-read-from-without-parent",
            "      read_from: tags\n",
            &[
                "spec/a.yaml:58:7: `read_from` reads `thing` from a field of its parent's objects, and it has no `parent`",
            ],
        ),
        (
            "desired-unordered-single",
            "      unordered: [label]\n",
            &["spec/a.yaml:58:19: `label` is not a list field of shape `Thing`"],
        ),
    ];
    for (name, line, messages) in cases {
        let desired = format!("    desired:\n      match: [server, label]\n{line}");
        expect(name, &[("a.yaml", &with_desired(&desired))], messages);
    }
    let references: [(&str, &str, &[&str]); 3] = [
        (
            "desired-refers-unknown-field",
            "      refers: {colour: thing}\n",
            &[
                "spec/a.yaml:58:16: `colour` is not a field of shape `Thing` holding a value or a list of them",
            ],
        ),
        (
            "desired-refers-unknown-resource",
            "      refers: {label: nothing}\n",
            &["spec/a.yaml:58:23: `nothing` is not a resource of the spec"],
        ),
        (
            "desired-refers-to-itself",
            "      refers: {label: thing}\n",
            &[
                "spec/a.yaml:58:23: `thing` refers back to `thing` (through references or parents), and objects that refer to each other cannot be made in order",
            ],
        ),
    ];
    for (name, line, messages) in references {
        let desired = format!("    desired:\n      match: [server, label]\n{line}");
        expect(name, &[("a.yaml", &with_desired(&desired))], messages);
    }
    passes(
        "desired-unordered-ok",
        &with_desired("    desired:\n      match: [server, label]\n      unordered: [tags]\n"),
    );
}

#[test]
fn a_resource_is_managed_or_says_why_not() {
    passes(
        "unmanaged-ok",
        &format!("{OK}    unmanaged: no endpoint lists them\n"),
    );
    expect(
        "unmanaged-and-desired",
        &[(
            "a.yaml",
            &with_desired(
                "    unmanaged: no endpoint lists them\n    desired:\n      match: [server, label]\n",
            ),
        )],
        &[
            "spec/a.yaml:56:5: a resource is either managed by desired state (`desired:`) or says why it is not (`unmanaged:`), not both",
        ],
    );
}
