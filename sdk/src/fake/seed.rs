//! What the fake holds when it starts: the spec's examples, or the
//! resources of seed files, YAML text or values.

use super::store::Store;
use serde_json::Value;
use std::path::PathBuf;

/// One source of resources.
#[derive(Debug, Clone)]
pub(super) enum Seed {
    /// A YAML (or JSON) file.
    File(PathBuf),
    /// YAML (or JSON) text.
    Text(String),
    /// Objects of one resource.
    Objects(String, Vec<Value>),
    /// Nothing: only keeps the examples out.
    Nothing,
}

/// Loads `seeds` into `store`, or the spec's examples when there are none.
/// Every seed's resources load parents first, whatever order they come in.
pub(super) fn load(store: &mut Store, seeds: &[Seed]) -> Result<(), String> {
    if seeds.is_empty() {
        return store.seed_examples();
    }
    let mut entries: Vec<(String, Vec<Value>, String)> = Vec::new();
    for seed in seeds {
        match seed {
            Seed::File(path) => {
                let source = path.display().to_string();
                let text = std::fs::read_to_string(path).map_err(|e| format!("{source}: {e}"))?;
                entries.extend(parse(&text, &source)?);
            }
            Seed::Text(text) => entries.extend(parse(text, "the seed")?),
            Seed::Objects(name, objects) => {
                entries.push((name.clone(), objects.clone(), "the seed".to_owned()));
            }
            Seed::Nothing => {}
        }
    }
    entries.sort_by_key(|(name, _, _)| store.depth(name));
    for (name, objects, source) in entries {
        store.seed(&name, objects, &source)?;
    }
    Ok(())
}

/// A seed file: resource names, each with a list of objects.
fn parse(text: &str, source: &str) -> Result<Vec<(String, Vec<Value>, String)>, String> {
    let entries =
        crate::resource_file::read(text, "a seed").map_err(|e| format!("{source}: {e}"))?;
    Ok(entries
        .into_iter()
        .map(|(name, objects)| (name, objects, source.to_owned()))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store() -> Store {
        Store::new(crate::resources::RESOURCES.iter().copied())
    }

    #[test]
    fn a_seed_loads_parents_first_and_fills_fields() {
        let mut store = store();
        let text = "dns_record:\n  - {domain: a.nz, id: '7', type: A, name: www.a.nz, content: 192.0.2.1}\ndns_zone:\n  - name: a.nz\n    client_id: '1'\n";
        load(&mut store, &[Seed::Text(text.to_owned())]).unwrap();
        let held = store.snapshot();
        assert_eq!(held["dns_zone"].len(), 1);
        assert_eq!(
            held["dns_zone"][0]["client_id"], "1",
            "the file's zone, not one brought"
        );
        assert_eq!(held["dns_record"][0]["id"], "7");
        assert!(held["server"].is_empty(), "no examples when seeded");
    }

    #[test]
    fn a_bad_seed_says_where_and_adds_nothing() {
        for (text, wanted) in [
            ("dns_records: []", "unknown resource `dns_records`"),
            ("dns_zone: {name: a}", "`dns_zone` must be a list"),
            (
                "dns_zone: [{client_id: '1'}]",
                "the seed: dns_zone[0] has no `name`",
            ),
            (
                "dns_zone: [{name: a}, {name: a}]",
                "dns_zone[1]: dns_zone with name \"a\" is there twice",
            ),
            (
                "ssh_key: [{id: 1, label: [x]}]",
                "ssh_key[0]: `ssh_key.label`",
            ),
            ("- 1", "a seed maps resource names"),
            ("dns_zone: [", "the seed: "),
        ] {
            let mut store = store();
            let err = load(&mut store, &[Seed::Text(text.to_owned())]).unwrap_err();
            assert!(err.contains(wanted), "{text}: {err}");
            assert!(
                store.snapshot().values().all(Vec::is_empty),
                "{text}: something was added"
            );
        }
    }
}
