//! Enums: the closed sets of values a parameter takes.

use super::{PRELUDE, SourceFile, is_pascal};
use crate::diag::{At, Problems};
use crate::model::{Enum, pascal_case, snake_case};
use std::collections::{BTreeMap, HashMap};

/// Checks the enums of all files.
pub fn enums(files: &[SourceFile<'_>], out: &mut Problems) -> BTreeMap<String, Enum> {
    let mut enums = BTreeMap::new();
    let mut first: HashMap<String, String> = HashMap::new();
    for file in files {
        let mut report = file.reporter(out);
        for (i, raw) in file.raw.enums.iter().enumerate() {
            let at = format!("enums[{i}]");
            if !is_pascal(&raw.name) || PRELUDE.contains(&raw.name.as_str()) {
                report.error(
                    &format!("{at}.name"),
                    At::Value,
                    format!(
                        "enum name `{}` must be PascalCase and not a Rust type's, such as `SortDir`",
                        raw.name
                    ),
                );
                continue;
            }
            if let Some(place) = first.get(&raw.name) {
                report.error(
                    &format!("{at}.name"),
                    At::Value,
                    format!("enum `{}` is already defined in {place}", raw.name),
                );
                continue;
            }
            if raw.values.is_empty() {
                report.error(
                    &format!("{at}.values"),
                    At::Key,
                    format!("enum `{}` has no values", raw.name),
                );
                continue;
            }
            let mut values: Vec<(String, String)> = Vec::new();
            let mut ok = true;
            for (j, value) in raw.values.iter().enumerate() {
                let variant = snake_case(&value.to_ascii_lowercase()).map(|s| pascal_case(&s));
                match variant {
                    Some(variant) if !values.iter().any(|(_, v)| *v == variant) => {
                        values.push((value.clone(), variant));
                    }
                    _ => {
                        report.error(
                            &format!("{at}.values[{j}]"),
                            At::Value,
                            format!(
                                "value `{value}` cannot become a Rust variant of its own: use \
                                 letters, digits and `_`, starting with a letter, and values \
                                 that differ in more than letter case"
                            ),
                        );
                        ok = false;
                    }
                }
            }
            first.insert(raw.name.clone(), file.path.display().to_string());
            if ok {
                enums.insert(
                    raw.name.clone(),
                    Enum {
                        name: raw.name.clone(),
                        description: raw.description.trim().to_owned(),
                        values,
                        file: file.spec_file(),
                    },
                );
            }
        }
    }
    enums
}
