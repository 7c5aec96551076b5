//! The API's areas as cargo features: each first segment of the endpoints'
//! paths (less `/api` and `/job`, always compiled) is a feature of
//! `sitehost-types` and of `sitehost`, `sitehost`'s forwards to
//! `sitehost-types`' of the same name, and `full` (the default) turns on
//! every one. `.ci/run` builds each area alone.

use sitehost_tests::scratch::root;
use std::collections::BTreeSet;
use std::fs;

/// The features a manifest's `[features]` declares, with what each turns on.
fn features(manifest: &str) -> Vec<(String, Vec<String>)> {
    let text = fs::read_to_string(root().join(manifest)).unwrap();
    let section = text.split("\n[features]\n").nth(1).unwrap();
    let section = section.split("\n[").next().unwrap();
    let mut out = Vec::new();
    let mut lines = section.lines();
    while let Some(line) = lines.next() {
        if line.starts_with('#') {
            continue;
        }
        let Some((name, value)) = line.split_once(" = ") else {
            continue;
        };
        let mut value = value.to_owned();
        while !value.trim_end().ends_with(']') {
            value.push_str(lines.next().unwrap());
        }
        let items = value
            .split('"')
            .skip(1)
            .step_by(2)
            .map(str::to_owned)
            .collect();
        out.push((name.trim().to_owned(), items));
    }
    out
}

fn enables(features: &[(String, Vec<String>)], name: &str) -> Vec<String> {
    features
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, on)| on.clone())
        .unwrap_or_else(|| panic!("no feature `{name}`"))
}

/// The areas of the spec's endpoints that are features.
fn areas() -> BTreeSet<String> {
    sitehost::api::ENDPOINTS
        .iter()
        .map(|e| {
            e.path
                .trim_start_matches('/')
                .split('/')
                .next()
                .unwrap()
                .to_owned()
        })
        .filter(|a| a != "api" && a != "job")
        .collect()
}

#[test]
fn every_area_is_a_feature_of_both_crates_and_full_turns_each_on() {
    let areas = areas();
    assert!(
        areas.contains("cloud") && areas.contains("dns"),
        "{areas:?}"
    );
    let types = features("types/Cargo.toml");
    let sdk = features("sdk/Cargo.toml");
    let types_full: BTreeSet<String> = enables(&types, "full").into_iter().collect();
    assert_eq!(types_full, areas, "sitehost-types' `full`");
    let sdk_full: BTreeSet<String> = enables(&sdk, "full")
        .into_iter()
        .filter(|f| !f.contains('/'))
        .collect();
    assert_eq!(sdk_full, areas, "sitehost's `full`");
    assert!(enables(&sdk, "full").contains(&"sitehost-types/full".to_owned()));
    for area in &areas {
        assert_eq!(enables(&types, area), Vec::<String>::new(), "{area}");
        assert_eq!(
            enables(&sdk, area),
            vec![format!("sitehost-types/{area}")],
            "sitehost's `{area}`"
        );
    }
    assert!(enables(&types, "default").contains(&"full".to_owned()));
    assert!(enables(&sdk, "default").contains(&"full".to_owned()));
    // The front ends serve every endpoint: their features need every area.
    for front_end in ["fake", "state", "codegen"] {
        assert!(
            enables(&sdk, front_end).contains(&"full".to_owned()),
            "{front_end}"
        );
    }
}
