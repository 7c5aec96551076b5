//! Endpoints from a user's own crate (`sitehost_codegen::Extension`), in
//! process: what is generated, and what is refused with a diagnostic. The
//! build of such a crate against the packaged crates is in `packaging.rs`.

use sitehost_tests::scratch::root;
use std::fs;
use std::path::PathBuf;

/// A folder holding one spec file with this text.
fn spec(name: &str, text: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("sitehost-ext-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    fs::write(dir.join("extra.yaml"), text).unwrap();
    dir
}

fn extension(dir: &PathBuf) -> sitehost_codegen::Extension {
    sitehost_codegen::Extension::new(dir).base_spec_dir(root().join("spec"))
}

fn errors(dir: &PathBuf) -> Vec<String> {
    match extension(dir).generate() {
        Ok(_) => panic!("the spec in {} was accepted", dir.display()),
        Err(diagnostics) => diagnostics.0.iter().map(ToString::to_string).collect(),
    }
}

#[test]
fn a_path_the_crate_already_has_is_refused() {
    let dir = spec(
        "taken",
        "endpoints:
  - path: /job/get
    version: \"1.3\"
    method: GET
    summary: Gets a job.
    params: []
    response: {}
",
    );
    let errors = errors(&dir);
    let base = root().join("spec/job.yaml");
    assert_eq!(
        errors,
        [format!(
            "{}:2:11: endpoint /job/get is already in the sitehost crate (version 1.5, {}:11): \
             send the crate's own request type; a spec of your own adds only paths the crate lacks",
            dir.join("extra.yaml").display(),
            base.display()
        )]
    );
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn problems_in_the_users_spec_get_the_same_diagnostics() {
    let dir = spec(
        "bad",
        "endpoints:
  - path: /domain/list
    version: \"1.0\"
    method: GET
    summary: Lists domains.
    params:
      - name: sort
        type: SortDirection
        required: false
        description: The order.
    response: {}
",
    );
    let errors = errors(&dir);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].starts_with(&format!(
            "{}:8:15: unknown type `SortDirection`",
            dir.join("extra.yaml").display()
        )),
        "{errors:?}"
    );
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn without_the_crates_spec_the_extension_says_where_it_comes_from() {
    let dir = spec("nobase", "endpoints: []\n");
    // Outside a build script, DEP_SITEHOST_SPEC_DIR is not set.
    let errors = match sitehost_codegen::Extension::new(&dir).generate() {
        Ok(_) => panic!("generated without the crate's spec"),
        Err(d) => d.0.iter().map(ToString::to_string).collect::<Vec<_>>(),
    };
    assert_eq!(errors.len(), 1);
    assert!(
        errors[0].contains("`DEP_SITEHOST_SPEC_DIR` is not set"),
        "{errors:?}"
    );
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn generated_code_names_the_runtime_and_the_crates_shapes_through_sitehost() {
    let dir = root().join("tests/extension/spec");
    let generated = extension(&dir).generate().unwrap_or_else(|d| panic!("{d}"));
    let files: Vec<&str> = generated.output.files.keys().map(String::as_str).collect();
    // No `Client` methods: a crate cannot add them to `sitehost::Client`.
    assert_eq!(
        files,
        [
            "api.rs",
            "api/domain.rs",
            "endpoints.rs",
            "enums.rs",
            "shapes.rs"
        ]
    );
    let api = &generated.output.files["api/domain.rs"];
    assert!(api.contains("impl ::sitehost::Request for ListRecords {"));
    // The extension's own shape, relative to the module; the crate's enum
    // and job shape through the crate.
    assert!(api.contains("type Output = ::sitehost::Page<super::super::shapes::DomainRecord>;"));
    assert!(api.contains("pub sort_dir: Option<::sitehost::enums::SortDir>,"));
    assert!(api.contains("type Output = ::sitehost::shapes::JobRefObject;"));
    assert!(api.contains("Start it with [`Client::start`](sitehost::Client::start)."));
    assert!(!api.contains("crate::"), "{api}");
    let shapes = &generated.output.files["shapes.rs"];
    assert!(shapes.contains("pub struct DomainRecord {"));
    assert!(!shapes.contains("pub struct JobRefObject"));
    assert!(shapes.contains("::sitehost::__private::serde::Deserialize<'de>"));
}

#[test]
fn an_extension_uses_the_crates_resources_and_declares_none() {
    let dir = spec(
        "resources",
        "endpoints:
  - path: /dns/export_zone
    version: \"1.5\"
    source: official-sdk
    method: GET
    summary: Exports a zone.
    resource: {name: dns_zone, op: get, key: {name: domain}}
    params:
      - {name: client_id, type: integer, required: true, description: The client.}
      - {name: domain, type: string, required: true, description: The zone.}
    response:
      shape: DnsZone
",
    );
    let generated = extension(&dir).generate().unwrap_or_else(|d| panic!("{d}"));
    let api = &generated.output.files["api/dns.rs"];
    // Compared without the layout's whitespace.
    let squashed: String = api.split_whitespace().collect();
    assert!(
        squashed.contains("::sitehost::ResourceUse::new(&::sitehost::resources::DNS_ZONE,::sitehost::ResourceOp::Get,)"),
        "{api}"
    );
    assert!(
        squashed.contains(".key(&[(\"name\",&[\"domain\"])])"),
        "{api}"
    );
    fs::remove_dir_all(&dir).unwrap();

    let dir = spec(
        "new-resource",
        "resources:
  - name: zone_export
    description: An export.
    shape: DnsZone
    key: [name]
",
    );
    assert_eq!(
        errors(&dir),
        [format!(
            "{}:2:5: resources are declared in the sitehost crate's spec: a spec of your own \
             may use them in an endpoint's `resource:`, not declare new ones",
            dir.join("extra.yaml").display()
        )]
    );
    fs::remove_dir_all(&dir).unwrap();
}
