//! The parsed model and the emitted items, for small specs written here.

use sitehost_codegen::model::{Example, FieldType, ListEncoding, Method, ValueType};
use sitehost_codegen::{Source, emit, parse};
use std::path::Path;

const SPEC: &str = r#"
endpoints:
  - path: /job/get
    version: "1.3"
    method: GET
    summary: Gets a job.
    params:
      - name: job_id
        type: integer
        required: true
        description: The job.
        example: 5
      - name: type
        type: string
        required: true
        description: daemon or scheduler.
    response:
      shape: Status
      example: '{"return": {"state": "Done", "count": "3"}, "msg": "", "status": true}'
  - path: /server/list-all
    version: "1.0"
    method: POST
    summary: Lists servers.
    params:
      - name: filters
        type: integer
        required: false
        list: brackets
        description: Filters | with a pipe.
        example: [1, 2]
      - name: verbose
        type: boolean
        required: false
        description: More.
    response:
      example: '{"return": [], "msg": "", "status": true}'
shapes:
  - name: Status
    description: A status.
    fields:
      - name: state
        type: string
        description: The state.
      - name: count
        type: integer
        optional: true
        description: A count.
"#;

fn sources() -> Vec<Source> {
    vec![Source {
        relative: "api.yaml".to_owned(),
        text: SPEC.to_owned(),
        upstream: false,
    }]
}

#[test]
fn model_keeps_order_types_and_names() {
    let spec = parse(Path::new("spec"), &sources()).unwrap();
    let paths: Vec<&str> = spec.endpoints.iter().map(|e| e.path.as_str()).collect();
    assert_eq!(paths, ["/job/get", "/server/list-all"]);

    let get = &spec.endpoints[0];
    assert_eq!(get.method, Method::Get);
    assert_eq!(get.version, "1.3");
    assert_eq!(get.module, ["job"]);
    assert_eq!(get.type_name, "Get");
    assert_eq!(get.method_name, "job_get");
    let names: Vec<&str> = get.params.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["job_id", "type"]);
    assert_eq!(get.params[0].ty, ValueType::Integer);
    assert_eq!(get.params[0].example, [Example::Integer(5)]);
    assert!(get.params[1].required);

    let list = &spec.endpoints[1];
    assert_eq!(list.module, ["server"]);
    assert_eq!(list.type_name, "ListAll");
    assert_eq!(list.method_name, "server_list_all");
    assert_eq!(list.params[0].list, Some(ListEncoding::Brackets));
    assert_eq!(
        list.params[0].example,
        [Example::Integer(1), Example::Integer(2)]
    );
    assert_eq!(list.response.shape, None);

    assert_eq!(spec.shapes.len(), 1);
    assert_eq!(spec.shapes[0].fields[1].ty, FieldType::Integer);
    assert!(spec.shapes[0].fields[1].optional);
}

fn item_struct<'a>(file: &'a syn::File, name: &str) -> &'a syn::ItemStruct {
    file.items
        .iter()
        .find_map(|item| match item {
            syn::Item::Struct(s) if s.ident == name => Some(s),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no struct {name}"))
}

fn field_names(s: &syn::ItemStruct) -> Vec<String> {
    s.fields
        .iter()
        .map(|f| f.ident.as_ref().unwrap().to_string())
        .collect()
}

#[test]
fn emitted_items_follow_the_model() {
    let spec = parse(Path::new("spec"), &sources()).unwrap();
    let output = emit::emit(&spec).unwrap();
    let files: Vec<&str> = output.files.keys().map(String::as_str).collect();
    assert_eq!(
        files,
        [
            "api.rs",
            "api/job.rs",
            "api/server.rs",
            "client.rs",
            "enums.rs",
            "resources.rs",
            "shapes.rs"
        ]
    );

    let job: syn::File = syn::parse_str(&output.files["api/job.rs"]).unwrap();
    let get = item_struct(&job, "Get");
    // `type` is a keyword: a raw identifier keeps the API's name.
    assert_eq!(field_names(get), ["job_id", "r#type"]);
    let text = &output.files["api/job.rs"];
    assert!(
        text.contains("pub fn new(job_id: i64, r#type: impl Into<String>) -> Self"),
        "{text}"
    );
    assert!(
        text.contains(r#"form.required("type", &self.r#type);"#),
        "{text}"
    );
    assert!(
        text.contains(r#"&crate::Endpoint::new("job_get", crate::Method::Get, "1.3", "/job/get")"#),
        "{text}"
    );
    assert!(text.contains("`GET https://api.sitehost.nz/1.3/job/get.json`"));
    assert!(text.contains("type Output = crate::shapes::Status;"));

    let server = &output.files["api/server.rs"];
    assert!(server.contains("pub struct ListAll"));
    assert!(server.contains("pub filters: Vec<i64>"));
    assert!(server.contains("pub verbose: Option<bool>"));
    let squashed: String = server.split_whitespace().collect();
    assert!(
        squashed.contains(
            r#"form.list("filters",crate::ListEncoding::Brackets,false,&self.filters,);"#
        ),
        "{server}"
    );
    assert!(server.contains(r#"form.optional("verbose", self.verbose.as_ref());"#));
    assert!(
        server.contains(r"Filters \| with a pipe."),
        "pipes are escaped in tables"
    );
    assert!(
        server.contains("type Output = serde_json::Value;")
            || server.contains("type Output = ::serde_json::Value;")
    );

    let client = &output.files["client.rs"];
    assert!(client.contains("pub fn job_get("));
    assert!(client.contains("pub fn server_list_all("));
    assert!(
        client.contains("Output = Result<crate::shapes::Status, crate::Error>>"),
        "{client}"
    );

    let shapes = &output.files["shapes.rs"];
    assert!(shapes.contains(r#"count: object.optional("count"),"#));
    assert!(shapes.contains(r#"state: object.required("state"),"#));

    let api: syn::File = syn::parse_str(&output.files["api.rs"]).unwrap();
    assert!(output.files["api.rs"].contains("pub const ENDPOINTS"));
    assert!(
        api.items
            .iter()
            .any(|i| matches!(i, syn::Item::Mod(m) if m.ident == "server"))
    );
}

#[test]
fn output_is_deterministic() {
    let spec = parse(Path::new("spec"), &sources()).unwrap();
    let first = emit::emit(&spec).unwrap();
    for _ in 0..3 {
        assert_eq!(
            emit::emit(&parse(Path::new("spec"), &sources()).unwrap()).unwrap(),
            first
        );
    }
}

#[test]
fn a_spec_without_jobs_needs_no_job_endpoint() {
    let spec = r#"
endpoints:
  - path: /server/get_state
    version: "1.3"
    method: GET
    summary: Gets a server's state.
    params:
      - name: name
        type: string
        required: true
        description: The server.
    response: {}
"#;
    let sources = vec![Source {
        relative: "server.yaml".to_owned(),
        text: spec.to_owned(),
        upstream: false,
    }];
    let spec = parse(Path::new("spec"), &sources).unwrap();
    let output = emit::emit(&spec).unwrap();
    assert!(
        output.files["client.rs"].contains("pub type JobPoll = crate::NoJobEndpoint;"),
        "{}",
        output.files["client.rs"]
    );
}
