//! The file format the fake's seeds and desired state share: the spec's
//! resource names, each with a list of objects in the shape the API returns
//! them in.

use serde_json::Value;

/// A file's resources in the order written, each with its objects (an
/// empty list for `null`). `what` names the file in the sentence for a
/// value of another form ("a seed", "a state file").
pub(crate) fn entries(value: Value, what: &str) -> Result<Vec<(String, Vec<Value>)>, String> {
    let entries = match value {
        Value::Null => return Ok(Vec::new()),
        Value::Object(entries) => entries,
        _ => {
            let names: Vec<&str> = crate::resources::RESOURCES.iter().map(|r| r.name).collect();
            return Err(format!(
                "{what} maps resource names ({}) to lists of objects",
                names.join(", ")
            ));
        }
    };
    entries
        .into_iter()
        .map(|(name, objects)| match objects {
            Value::Array(objects) => Ok((name, objects)),
            Value::Null => Ok((name, Vec::new())),
            _ => Err(format!("`{name}` must be a list of objects")),
        })
        .collect()
}

/// A file's resources from its YAML (or JSON) text.
pub(crate) fn read(text: &str, what: &str) -> Result<Vec<(String, Vec<Value>)>, String> {
    let value: Value = serde_yaml::from_str(text).map_err(|e| e.to_string())?;
    entries(value, what)
}
