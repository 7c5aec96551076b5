//! `from_get` in a `desired:` block (list fields no list returns, read by
//! a get per object): each mistake gives the exact `file:line:col: message`
//! a person sees from `sitehost-codegen check`.

use sitehost_tests::diagnostics::{edited, expect, passes};

/// A valid spec: a group whose rules only its get returns, and an update
/// that sends them whole as `params[rules_in]`.
const OK: &str = r#"endpoints:
  - path: /group/list
    version: "1.5"
    source: official-sdk
    method: GET
    summary: Lists groups.
    resource: {name: group, op: list}
    params:
      - {name: client_id, type: integer, required: true, description: The client.}
    response:
      shape: Group
      list: true
  - path: /group/add
    version: "1.5"
    source: official-sdk
    method: POST
    summary: Adds a group.
    resource: {name: group, op: create, returns_id: name}
    params:
      - {name: client_id, type: integer, required: true, description: The client.}
      - {name: label, type: string, required: true, description: The label.}
    response:
      shape: GroupName
  - path: /group/get
    version: "1.5"
    source: official-sdk
    method: GET
    summary: Gets a group.
    resource: {name: group, op: get, named_by: {name: name}}
    params:
      - {name: client_id, type: integer, required: true, description: The client.}
      - {name: name, type: string, required: true, description: The group.}
    response:
      shape: Group
  - path: /group/update
    version: "1.5"
    source: official-sdk
    method: POST
    summary: Changes a group.
    resource: {name: group, op: update, named_by: {name: name}}
    params:
      - {name: client_id, type: integer, required: true, description: The client.}
      - {name: name, type: string, required: true, description: The group.}
      - name: params
        required: false
        description: The settings.
        members:
          - {name: label, type: string, required: false, description: The label.}
          - name: rules_in
            required: false
            description: The rules.
            list: true
            encoding: indexed
            members:
              - {name: action, type: string, required: false, description: The action.}
              - {name: port, type: integer, required: false, description: The port.}
shapes:
  - name: Group
    description: A group.
    fields:
      - {name: name, type: string, description: Its name.}
      - {name: label, type: string, description: Its label.}
      - {name: rules, type: Rules, required: false, description: Its rules.}
  - name: Rules
    description: A group's rules.
    fields:
      - {name: in, type: Rule, list: true, required: false, description: The inbound ones.}
  - name: Rule
    description: A rule.
    fields:
      - {name: pos, type: integer, required: false, description: Its position.}
      - {name: action, type: string, required: false, description: Its action.}
      - {name: port, type: integer, required: false, description: Its port.}
  - name: GroupName
    description: A new group's name.
    fields:
      - {name: name, type: string, required: false, description: The name.}
resources:
  - name: group
    description: A group.
    shape: Group
    key: [name]
    id: name
    desired:
      match: [label]
      computed: [rules]
      from_get:
        rules_in: {at: rules.in, ignore: [pos]}
"#;

#[test]
fn a_list_read_by_a_get_passes() {
    passes("from-get-ok", OK);
}

#[test]
fn each_mistake_is_shown_where_it_stands() {
    let cases: [(&str, &str, &str, &[&str]); 6] = [
        (
            "from-get-not-a-list",
            "at: rules.in",
            "at: rules",
            &[
                "spec/a.yaml:88:24: `rules` is not a list of objects in what `/group/get` returns: each step names an object field, the last a list of objects",
            ],
        ),
        (
            "from-get-ignores-a-sent-field",
            "ignore: [pos]",
            "ignore: [pos, port]",
            &["spec/a.yaml:88:48: `port` is sent by the update: a field it sets is compared"],
        ),
        (
            "from-get-compares-an-unsent-field",
            "ignore: [pos]",
            "ignore: []",
            &[
                "spec/a.yaml:88:9: `pos` of shape `Rule` is not sent by the update, so a file could never change it: ignore it",
            ],
        ),
        (
            "from-get-no-parameter",
            "rules_in: {at",
            "rules_up: {at",
            &[
                "spec/a.yaml:88:9: `/group/update` has no list parameter of groups named `rules_up` to set it",
            ],
        ),
        (
            "from-get-a-listed-field",
            "rules_in: {at",
            "label: {at",
            &[
                "spec/a.yaml:88:9: `label` is a field of shape `Group`, which the list returns: it needs no get",
            ],
        ),
        (
            "from-get-unknown-key",
            "ignore: [pos]",
            "skip: [pos]",
            &[
                "spec/a.yaml:88:19: `rules_in` needs `at:` and may have `ignore:` (unknown field `skip`, expected `at` or `ignore`)",
            ],
        ),
    ];
    for (name, from, to, messages) in cases {
        expect(name, &[("a.yaml", &edited(OK, from, to))], messages);
    }
}

#[test]
fn a_resource_without_a_get_cannot_read_by_one() {
    let without = edited(
        OK,
        "resource: {name: group, op: get, named_by: {name: name}}",
        "",
    );
    expect(
        "from-get-no-get",
        &[("a.yaml", &without)],
        &[
            "spec/a.yaml:87:7: `from_get` reads fields by a get per object, and `group` has 0 endpoints that do `op: get`: it needs exactly one",
        ],
    );
}
