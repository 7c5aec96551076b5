//! Synthetic specs for benchmarks: realistic endpoints in any number.
//!
//! `spec(n)` makes `n` endpoints (plus `/job/get` and the job shapes of the
//! real spec, which the runtime needs) spread over areas and files as the
//! real API is: 2 to 5 path segments, all five API versions, 3 to 8
//! parameters of every type, indexed and bracket lists, optional parameters
//! between required ones, response shapes, and job-starting POSTs; and, as
//! often as the real spec has them, compound parameters: groups with
//! required and optional members, nested groups, lists of groups, maps keyed
//! by data, enums, lists that may be `auto`, and paged lists with filters.
//! The output is deterministic.

use crate::Source;
use std::fmt::Write;

const AREAS: &[&str] = &[
    "cloud", "dns", "server", "client", "domain", "mail", "ssl", "backup",
];
const NOUNS: &[&str] = &[
    "stack", "image", "record", "zone", "firewall", "disk", "user", "alias", "mailbox", "cert",
    "snapshot", "volume", "network", "contact", "invoice", "package",
];
const VERBS: &[&str] = &[
    "get", "list", "add", "update", "delete", "enable", "disable", "restart", "renew", "move",
    "resize", "restore",
];
const VERSIONS: &[&str] = &["1.0", "1.1", "1.2", "1.3", "1.5"];
const WORDS: &[&str] = &[
    "client_id",
    "server",
    "name",
    "domain",
    "label",
    "size",
    "enabled",
    "ttl",
    "priority",
    "content",
    "region",
    "plan",
    "comment",
    "force",
    "notify",
    "owner",
    "port",
    "address",
];

/// `/job/get` and the job shapes, as the real spec's `job.yaml` has them.
const JOB_SPEC: &str = r#"endpoints:
  - path: /job/get
    version: "1.5"
    method: GET
    summary: Gets the state, timestamps and log lines of an asynchronous job.
    params:
      - name: type
        type: job_type
        required: true
        description: The type of the job.
        example: scheduler
      - name: id
        type: integer
        required: true
        description: The ID of the job.
        example: 32563
    response:
      type: JobStatus
      example: '{"return": {"state": "Completed", "logs": [{"message": "done"}]}, "msg": "Successful", "status": true}'

shapes:
  - name: JobRef
    description: A reference to a job, as API 1.0 to 1.3 write it.
    fields:
      - name: job_id
        type: integer
        description: The ID of the job.
  - name: JobRefObject
    description: A reference to a job, as API 1.5 writes it.
    fields:
      - name: job
        type: JobInfo
        description: The job's ID and type.
  - name: JobInfo
    description: A job's ID and type.
    fields:
      - name: id
        type: integer
        description: The ID of the job.
      - name: type
        type: string
        description: The type of the job.
  - name: JobStatus
    description: A job's state and log.
    fields:
      - name: state
        type: string
        description: The job's state.
      - name: logs
        type: JobLog
        list: true
        required: false
        description: The job's log entries.
  - name: JobLog
    description: One entry of a job's log.
    fields:
      - name: message
        type: string
        required: false
        description: The entry's text.
"#;

/// The enums the compound parameters use.
const ENUMS: &str = "enums:
  - name: SortDir
    description: A sort direction.
    values: [ASC, DESC]
  - name: PowerAction
    description: A power action.
    values: [power_on, power_off, reboot]
";

/// Compound parameters, appended after an endpoint's scalar ones: the first
/// is the filters of a paged list; the others are the catalogue's shapes.
const COMPOUND: &[&str] = &[
    "      - name: filters
        required: false
        description: Filters, sorting and paging of the list.
        members:
          - name: name
            type: string
            required: false
            description: Only items whose name matches.
            example: web
          - name: sort_by
            type: string
            required: false
            description: The field to sort by.
          - name: sort_dir
            type: SortDir
            required: false
            description: The direction to sort in.
            example: ASC
          - name: page_size
            type: integer
            required: false
            description: Items per page.
          - name: page_number
            type: integer
            required: false
            description: The page to return.
",
    "      - name: params
        required: true
        description: Settings of the call.
        members:
          - name: label
            type: string
            required: true
            description: The label.
            example: My Label
          - name: notes
            type: string
            required: false
            description: Notes.
          - name: Phone
            required: false
            description: A phone number.
            members:
              - name: Country
                type: string
                required: true
                description: The country code.
                example: \"64\"
              - name: Local
                type: string
                required: true
                description: The local number.
                example: \"123456\"
",
    "      - name: nameservers
        required: true
        list: true
        encoding: indexed
        description: The name servers.
        members:
          - name: name
            type: string
            required: true
            description: The host name.
            example: ns1.example.nz
          - name: ipv4addr
            type: string
            required: false
            description: The IPv4 glue.
",
    "      - name: containers
        required: false
        description: Containers to add or remove, by stack.
        members:
          - name: add
            type: string
            required: false
            map: true
            keys: stack name
            list: true
            encoding: indexed
            description: Containers to add.
            example: {examplenz: [cc1]}
          - name: remove
            type: string
            required: false
            map: true
            keys: stack name
            list: true
            encoding: indexed
            description: Containers to remove.
",
    "      - name: action
        type: PowerAction
        required: true
        description: What to do.
        example: reboot
      - name: ipv4
        type: string
        required: false
        list: true
        encoding: indexed
        or_auto: true
        description: Addresses, or auto.
        example: auto
",
];

/// A small deterministic generator (xorshift), so the spec is the same on
/// every run and machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

/// A spec of `endpoints` endpoints (plus `/job/get`), as files.
pub fn spec(endpoints: usize) -> Vec<Source> {
    let mut rng = Rng(0x5173_4057_2008_0001);
    let mut files: Vec<(String, String)> = Vec::new();
    let per_file = 12;
    let mut shape_count = 0;
    for i in 0..endpoints {
        let area = AREAS[i % AREAS.len()];
        let group = i / (AREAS.len() * per_file);
        let file = format!("{area}/group{group}.yaml");
        if !files.iter().any(|(f, _)| *f == file) {
            files.push((file.clone(), String::from("endpoints:\n")));
        }
        let text = &mut files
            .iter_mut()
            .find(|(f, _)| *f == file)
            .expect("just added")
            .1;
        endpoint(&mut rng, text, i, area, &mut shape_count);
    }
    files.push(("shapes.yaml".to_owned(), shapes(shape_count)));
    files.push(("enums.yaml".to_owned(), ENUMS.to_owned()));
    files.push(("job.yaml".to_owned(), JOB_SPEC.to_owned()));
    files.sort();
    files
        .into_iter()
        .map(|(relative, text)| Source {
            relative,
            text,
            upstream: false,
        })
        .collect()
}

/// Writes endpoint number `i` of `area` into `text`; a shape it declares
/// for its response is counted in `shape_count`.
fn endpoint(rng: &mut Rng, text: &mut String, i: usize, area: &str, shape_count: &mut usize) {
    // A unique path of 2 to 5 segments.
    let depth = 2 + rng.below(4);
    let mut segments = vec![area.to_owned()];
    for _ in 2..depth {
        segments.push(rng.pick(NOUNS).to_owned());
    }
    segments.push(format!("{}_{i}", rng.pick(VERBS)));
    let path = format!("/{}", segments.join("/"));
    let version = rng.pick(VERSIONS);
    let post = rng.below(3) > 0;
    let job = post && rng.below(3) == 0;
    let _ = writeln!(text, "  - path: {path}");
    let _ = writeln!(text, "    version: \"{version}\"");
    let _ = writeln!(text, "    method: {}", if post { "POST" } else { "GET" });
    let _ = writeln!(
        text,
        "    summary: Does {} with a {} of a client.",
        segments.last().unwrap_or(&path),
        area
    );
    let _ = writeln!(text, "    params:");
    let params = 3 + rng.below(6);
    for p in 0..params {
        // The first and last are required; those between are often optional.
        param(rng, text, area, version, p == 0 || p + 1 == params, p);
    }
    // Compound parameters, on about half of the endpoints (the real spec
    // has them on 42 of 89 paths).
    let paged = !post && rng.below(2) == 0;
    if paged {
        let _ = write!(text, "{}", COMPOUND[0]);
    } else if rng.below(2) == 0 {
        let _ = write!(text, "{}", COMPOUND[1 + rng.below(COMPOUND.len() - 1)]);
    }
    let _ = writeln!(text, "    response:");
    if paged {
        *shape_count += 1;
        let _ = writeln!(text, "      type: Synth{shape_count}");
        let _ = writeln!(
            text,
            "      paged: {{number: \"filters[page_number]\", size: \"filters[page_size]\"}}"
        );
        let _ = writeln!(
            text,
            "      example: |\n        {{\"return\": {{\"total_items\": 1, \"current_items\": 1, \"current_page\": 1, \"total_pages\": 1, \"data\": [{{\"id\": \"{i}\", \"name\": \"x\", \"enabled\": \"1\", \"size\": 10}}]}}, \"msg\": \"Successful\", \"status\": true}}"
        );
    } else if job {
        let _ = writeln!(text, "      type: JobRef");
        let _ = writeln!(text, "      job: scheduler");
        let _ = writeln!(
            text,
            "      example: |\n        {{\"return\": {{\"job_id\": \"{}\"}}, \"msg\": \"Successful\", \"status\": true}}",
            rng.below(9_000_000)
        );
    } else if rng.below(2) == 0 {
        // A shape of its own, declared in the same file.
        *shape_count += 1;
        let _ = writeln!(text, "      type: Synth{shape_count}");
        let _ = writeln!(
            text,
            "      example: |\n        {{\"return\": {{\"id\": \"{i}\", \"name\": \"x\", \"enabled\": \"1\", \"size\": 10}}, \"msg\": \"Successful\", \"status\": true}}"
        );
    } else {
        let _ = writeln!(
            text,
            "      example: |\n        {{\"return\": [], \"msg\": \"Successful\", \"status\": true}}"
        );
    }
}

/// Writes scalar parameter number `p` (a list on some); `required` for the
/// first and last, and at random for those between.
fn param(rng: &mut Rng, text: &mut String, area: &str, version: &str, ends: bool, p: usize) {
    let name = format!("{}_{p}", rng.pick(WORDS));
    let (ty, example) = match rng.below(4) {
        0 | 1 => ("string", "example-value".to_owned()),
        2 => ("integer", format!("{}", rng.below(1000))),
        _ => ("boolean", "true".to_owned()),
    };
    let required = ends || rng.below(2) == 0;
    let list = if ty != "boolean" && rng.below(5) == 0 {
        Some(if version == "1.0" {
            "brackets"
        } else {
            "indexed"
        })
    } else {
        None
    };
    let _ = writeln!(text, "      - name: {name}");
    let _ = writeln!(text, "        type: {ty}");
    let _ = writeln!(text, "        required: {required}");
    if let Some(list) = list {
        let _ = writeln!(text, "        list: true\n        encoding: {list}");
    }
    let _ = writeln!(
        text,
        "        description: The {name} of the {area} object; see the API documentation for the values it takes."
    );
    let _ = writeln!(text, "        example: {example}");
}

/// The shapes file, `Synth1` to `Synth{count}`: one file holds them all, as
/// the real spec's job.yaml holds its shapes.
fn shapes(count: usize) -> String {
    let mut shapes = String::from("shapes:\n");
    for s in 1..=count {
        let _ = writeln!(shapes, "  - name: Synth{s}");
        let _ = writeln!(shapes, "    description: A synthetic object number {s}.");
        let _ = writeln!(shapes, "    fields:");
        for (name, ty) in [
            ("id", "integer"),
            ("name", "string"),
            ("enabled", "boolean"),
            ("size", "number"),
        ] {
            let _ = writeln!(shapes, "      - name: {name}");
            let _ = writeln!(shapes, "        type: {ty}");
            let _ = writeln!(shapes, "        description: Its {name}.");
        }
        let _ = writeln!(shapes, "      - name: note");
        let _ = writeln!(shapes, "        type: string");
        let _ = writeln!(shapes, "        required: false");
        let _ = writeln!(shapes, "        description: A note, if any.");
    }
    shapes
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn synthetic_specs_are_valid_and_sized() {
        for n in [1, 10, 100] {
            let spec = crate::parse(Path::new("synth"), &spec(n)).unwrap_or_else(|d| panic!("{d}"));
            assert_eq!(spec.endpoints.len(), n + 1);
            assert!(spec.hints.is_empty(), "{:?}", spec.hints);
        }
        assert_eq!(
            spec(10).iter().map(|s| s.text.len()).sum::<usize>(),
            spec(10).iter().map(|s| s.text.len()).sum::<usize>()
        );
    }
}
