//! The API's areas as cargo features: what each generated item is compiled
//! with, for a small spec of three areas (one of them core) written here.
//! (A resource across areas is refused: `tests/tests/spec/resource_diagnostics.rs`.)

use sitehost_codegen::{Source, emit, parse};
use std::path::Path;

const THING: &str = r#"endpoints:
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
      - {name: owner, type: Owner, description: Who has it.}
  - name: Owner
    description: Who has a thing.
    fields:
      - {name: name, type: string, description: The name.}
  - name: ThingId
    description: A new thing's ID.
    fields:
      - {name: id, type: integer, description: The ID.}
  - name: Info
    description: What the key is.
    fields:
      - {name: client_id, type: integer, description: Its client.}
resources:
  - name: thing
    description: A thing on a server.
    shape: Thing
    key: [server, id]
    id: id
"#;

const OTHER: &str = r#"endpoints:
  - path: /other/list
    version: "1.5"
    source: official-sdk
    method: GET
    summary: Lists things another way.
    params:
      - {name: client_id, type: integer, required: true, description: The client.}
    response:
      shape: Thing
      list: true
  - path: /api/info
    version: "1.5"
    source: official-sdk
    method: GET
    summary: Says what the key is.
    params:
      - {name: client_id, type: integer, required: true, description: The client.}
    response:
      shape: Info
"#;

fn sources() -> Vec<Source> {
    [("thing.yaml", THING), ("other.yaml", OTHER)]
        .into_iter()
        .map(|(relative, text)| Source {
            relative: relative.to_owned(),
            text: text.to_owned(),
            upstream: false,
        })
        .collect()
}

/// The `#[cfg(...)]` line among the attributes right above the first line
/// of `text` that starts with `item` (after its indentation), if any. The
/// attributes are the lines up to the item's doc comment, or the line
/// before that ends an item or an element.
fn gate_of(text: &str, item: &str) -> Option<String> {
    let lines: Vec<&str> = text.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.trim_start().starts_with(item))
        .unwrap_or_else(|| panic!("no `{item}` in\n{text}"));
    lines[..at]
        .iter()
        .rev()
        .map(|l| l.trim())
        .take_while(|l| !ends_something(l))
        .find(|l| l.starts_with("#[cfg("))
        .map(str::to_owned)
}

/// Whether a line ends what comes before an item's attributes: a blank
/// line, a doc comment, a block, a statement or an array's element.
fn ends_something(line: &str) -> bool {
    let element = line.starts_with('<') && line.ends_with(',');
    line.is_empty() || line.starts_with("///") || line.ends_with(['{', '}', ';']) || element
}

fn cfg(features: &[&str]) -> String {
    let features: Vec<String> = features
        .iter()
        .map(|f| format!("feature = {f:?}"))
        .collect();
    format!("#[cfg(any({}))]", features.join(", "))
}

#[test]
fn each_item_is_compiled_with_the_areas_that_use_it() {
    let spec = parse(Path::new("spec"), &sources()).unwrap();
    let files = emit::emit(&spec).unwrap().files;

    let thing = Some(cfg(&["full", "thing"]));
    let api = &files["api.rs"];
    assert_eq!(gate_of(api, "pub mod thing"), thing, "{api}");
    assert!(api.contains(
        "#[cfg_attr(docsrs, doc(cfg(any(feature = \"full\", feature = \"thing\"))))]\npub mod thing"
    ));
    assert_eq!(gate_of(api, "pub mod other"), Some(cfg(&["full", "other"])));
    // The core area, `/api`, is always compiled.
    assert_eq!(gate_of(api, "pub mod api"), None);
    assert_eq!(gate_of(api, "<crate::api::thing::Add"), thing);
    assert_eq!(gate_of(api, "<crate::api::api::Info"), None);

    let shapes = &files["shapes.rs"];
    // Used by `/thing/get` and `/other/list`; `Owner` through `Thing`.
    let both = Some(cfg(&["full", "other", "thing"]));
    assert_eq!(gate_of(shapes, "pub struct Thing "), both);
    assert_eq!(gate_of(shapes, "pub struct Owner "), both);
    assert_eq!(gate_of(shapes, "pub struct ThingId "), thing);
    let deserialize = "impl<'de> ::serde::Deserialize<'de> for ThingId";
    assert_eq!(gate_of(shapes, deserialize), thing);
    // Used by the core area.
    assert_eq!(gate_of(shapes, "pub struct Info "), None);

    let client = &files["client.rs"];
    assert_eq!(gate_of(client, "pub fn thing_add("), thing);
    assert_eq!(gate_of(client, "pub fn api_info("), None);

    let resources = &files["resources.rs"];
    assert_eq!(gate_of(resources, "pub static THING:"), thing);
    assert_eq!(gate_of(resources, "&THING,"), thing);
}
