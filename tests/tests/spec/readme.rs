//! The README says true things: its coverage table is the one the spec gives,
//! and its seed file is one the fake loads.

use sitehost_codegen::model::{Endpoint, Provenance};
use std::collections::BTreeMap;
use std::path::PathBuf;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// `/cloud/db/add` is in `/cloud/db`, `/server/firewall/get` in
/// `/server/firewall`, `/server/get_server` in `/server`, `/ssh/key/add` in
/// `/ssh`.
fn area(path: &str) -> String {
    let segments: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    if matches!(segments[0], "cloud" | "server") && segments.len() > 2 {
        format!("/{}/{}", segments[0], segments[1])
    } else {
        format!("/{}", segments[0])
    }
}

#[derive(Default)]
struct Row {
    paths: usize,
    versions: BTreeMap<String, usize>,
    reference: usize,
    official: usize,
    typed: usize,
    jobs: usize,
    paged: usize,
}

fn typed(e: &Endpoint) -> bool {
    e.response.shape.is_some()
        || e.response.scalar.is_some()
        || e.response.empty
        || e.response.paging.is_some()
}

/// The coverage table, from the spec.
fn table() -> String {
    let dir = root().join("spec");
    let sources = sitehost_codegen::read_sources(&dir).unwrap();
    let spec = sitehost_codegen::parse(&dir, &sources).unwrap();
    let mut rows: BTreeMap<String, Row> = BTreeMap::new();
    for e in &spec.endpoints {
        for key in [area(&e.path), "all".to_owned()] {
            let row = rows.entry(key).or_default();
            row.paths += 1;
            *row.versions.entry(e.version.clone()).or_default() += 1;
            match e.source {
                Provenance::Reference => row.reference += 1,
                Provenance::OfficialSdk => row.official += 1,
            }
            row.typed += usize::from(typed(e));
            row.jobs += usize::from(e.response.job.is_some());
            row.paged += usize::from(e.response.paging.is_some());
        }
    }
    let mut out = String::from(
        "| area | paths | facts from | versions (paths at each) | typed `return` | start jobs | paged |\n\
         |---|---|---|---|---|---|---|\n",
    );
    let all = rows.remove("all").unwrap_or_default();
    let line = |name: &str, row: &Row, bold: bool| {
        let facts = match (row.reference, row.official) {
            (r, 0) => format!("reference pages ({r})"),
            (0, o) => format!("official SDK ({o})"),
            (r, o) => format!("reference pages ({r}), official SDK ({o})"),
        };
        let versions: Vec<String> = row
            .versions
            .iter()
            .map(|(v, n)| format!("{v} ({n})"))
            .collect();
        let b = |s: String| if bold { format!("**{s}**") } else { s };
        format!(
            "| {} | {} | {} | {} | {} | {} | {} |\n",
            b(name.to_owned()),
            b(row.paths.to_string()),
            facts,
            if bold {
                "-".to_owned()
            } else {
                versions.join(", ")
            },
            b(row.typed.to_string()),
            b(row.jobs.to_string()),
            b(row.paged.to_string()),
        )
    };
    for (name, row) in &rows {
        out.push_str(&line(&format!("`{name}`"), row, false));
    }
    out.push_str(&line("all", &all, true));
    out
}

#[test]
fn the_coverage_table_is_the_specs() {
    let expected = table();
    for readme in ["README.md", "sdk/README.md"] {
        let text = std::fs::read_to_string(root().join(readme)).unwrap();
        assert!(
            text.contains(&expected),
            "{readme}'s coverage table is not the spec's; it should read:\n\n{expected}"
        );
    }
}

/// The README's seed file is one the fake loads, and holds what it says.
#[tokio::test]
async fn the_seed_file_of_the_readme_loads() {
    let text = std::fs::read_to_string(root().join("README.md")).unwrap();
    let start = text
        .find("```yaml\n# tests/fixtures.yaml\n")
        .expect("the README shows a seed file")
        + "```yaml\n".len();
    let end = start + text[start..].find("```").unwrap();
    let fake = sitehost::fake::FakeApi::builder()
        .seed_yaml(&text[start..end])
        .start()
        .await
        .unwrap();
    let state = fake.state();
    for (resource, count) in [
        ("dns_zone", 1),
        ("dns_record", 1),
        ("server", 1),
        ("stack", 1),
    ] {
        assert_eq!(state[resource].len(), count, "{resource}");
    }
    let stack = fake
        .client()
        .send(&sitehost::api::cloud::stack::Get::new(1, "ch-web1", "shop"))
        .await
        .unwrap();
    assert_eq!(stack.label, "shop.example.org");
}
