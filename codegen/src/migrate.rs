//! `sitehost-codegen migrate`: rewrites what a spec writes in an earlier
//! spelling of the format in today's, in place, keeping comments and
//! layout: the hints `check` prints, applied.
//!
//! | earlier | today |
//! |---|---|
//! | a parameter's `list: indexed` | `list: true` and `encoding: indexed` |
//! | a parameter's `map: file name` | `map: true` and `keys: file name` |
//! | a field's `optional: true` | `required: false` |
//! | a response's `shape: X` | `type: X` |
//! | a resource use's `key`, `fields`, `set` | `named_by`, `sets`, `assigns` |
//! | a resource parent's `key` | `via` |
//!
//! A file is written only when its rewritten text reads as the same spec.

use crate::diag::{At, Locations};
use crate::raw::{self, ListKey, MapKey};

/// One change to a file's text.
#[derive(Debug)]
enum Edit {
    /// Renames the key at this node path.
    Rename { path: String, to: &'static str },
    /// Replaces `key: value` at this node path with `key: flag` and a second
    /// entry `second: value` (the value's text as written).
    Split {
        path: String,
        flag: &'static str,
        second: &'static str,
    },
    /// Replaces `key: value` with `to: value_text`.
    Replace { path: String, text: &'static str },
    /// Removes the entry at this node path.
    Remove { path: String },
    /// Adds an entry after the one at this node path.
    Append { path: String, entry: &'static str },
}

/// The edits that bring one parsed file to today's spelling.
fn edits(file: &raw::File) -> Vec<Edit> {
    let mut out = Vec::new();
    for (i, p) in file.params.iter().enumerate() {
        param_edits(p, &format!("params[{i}]"), &mut out);
    }
    for (i, e) in file.endpoints.iter().enumerate() {
        let at = format!("endpoints[{i}]");
        for (j, p) in e.params.iter().enumerate() {
            param_edits(p, &format!("{at}.params[{j}]"), &mut out);
            let plain_integer = p.ty.as_deref() == Some("integer")
                && matches!(p.list, None | Some(ListKey::Flag(false)))
                && matches!(p.map, None | Some(MapKey::Flag(false)));
            if p.name.as_deref() == Some("client_id")
                && p.uses.is_none()
                && p.role.is_none()
                && plain_integer
            {
                out.push(Edit::Append {
                    path: format!("{at}.params[{j}].name"),
                    entry: "role: client_id",
                });
            }
        }
        if let Some(r) = &e.response
            && r.shape.is_some()
            && r.ty.is_none()
        {
            out.push(Edit::Rename {
                path: format!("{at}.response.shape"),
                to: "type",
            });
        }
        if let Some(u) = &e.resource {
            let at = format!("{at}.resource");
            for (old, present, new) in [
                ("key", u.key.is_some() && u.named_by.is_none(), "named_by"),
                ("fields", u.fields.is_some() && u.sets.is_none(), "sets"),
                ("set", u.set.is_some() && u.assigns.is_none(), "assigns"),
            ] {
                if present {
                    out.push(Edit::Rename {
                        path: format!("{at}.{old}"),
                        to: new,
                    });
                }
            }
        }
    }
    for (i, s) in file.shapes.iter().enumerate() {
        for (j, f) in s.fields.iter().enumerate() {
            let path = format!("shapes[{i}].fields[{j}].optional");
            match (f.optional, f.required) {
                (Some(true), None) => out.push(Edit::Replace {
                    path,
                    text: "required: false",
                }),
                (Some(false), None) => out.push(Edit::Remove { path }),
                _ => {}
            }
        }
    }
    for (i, r) in file.resources.iter().enumerate() {
        if let Some(parent) = &r.parent
            && parent.key.is_some()
            && parent.via.is_none()
        {
            out.push(Edit::Rename {
                path: format!("resources[{i}].parent.key"),
                to: "via",
            });
        }
    }
    out
}

fn param_edits(p: &raw::Param, at: &str, out: &mut Vec<Edit>) {
    if matches!(p.list, Some(ListKey::Encoding(_))) && p.encoding.is_none() {
        out.push(Edit::Split {
            path: format!("{at}.list"),
            flag: "true",
            second: "encoding",
        });
    }
    if matches!(p.map, Some(MapKey::Keys(_))) && p.keys.is_none() {
        out.push(Edit::Split {
            path: format!("{at}.map"),
            flag: "true",
            second: "keys",
        });
    }
    for (j, m) in p.members.iter().flatten().enumerate() {
        param_edits(m, &format!("{at}.members[{j}]"), out);
    }
}

/// The text of a file in today's spelling, or `None` when it has nothing to
/// change. `Err` when the file does not parse.
///
/// # Errors
///
/// The file's YAML does not parse as a spec file.
pub fn migrate(text: &str) -> Result<Option<String>, String> {
    let file: raw::File = serde_yaml::from_str(text).map_err(|e| e.to_string())?;
    let edits = edits(&file);
    if edits.is_empty() {
        return Ok(None);
    }
    let locations = Locations::index(text);
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let mut spans: Vec<(usize, usize, String)> = Vec::new();
    for edit in &edits {
        spans.push(span(edit, &locations, &lines, text)?);
    }
    // From the end, so that earlier offsets stay right.
    spans.sort_by_key(|span| std::cmp::Reverse(span.0));
    let mut out = text.to_owned();
    for (start, end, replacement) in spans {
        out.replace_range(start..end, &replacement);
    }
    Ok(Some(out))
}

/// The byte range an edit replaces, and what it writes there.
fn span(
    edit: &Edit,
    locations: &Locations,
    lines: &[&str],
    text: &str,
) -> Result<(usize, usize, String), String> {
    let path = match edit {
        Edit::Rename { path, .. }
        | Edit::Split { path, .. }
        | Edit::Replace { path, .. }
        | Edit::Remove { path }
        | Edit::Append { path, .. } => path,
    };
    let key = offset(lines, locations.find(path, At::Key))?;
    let value = offset(lines, locations.find(path, At::Value))?;
    let key_name = path.rsplit('.').next().unwrap_or_default();
    if !text[key..].starts_with(key_name) {
        return Err(format!("cannot find `{key_name}` where {path} stands"));
    }
    let line_start = text[..key].rfind('\n').map_or(0, |i| i + 1);
    let before = &text[line_start..key];
    // A block entry stands alone on its line (after any `- `); a flow
    // mapping's shares it.
    let block = before.chars().all(|c| c == ' ' || c == '-');
    let end = value_end(text, value, block);
    let value_text = text[value..end].trim_end();
    let end = value + value_text.len();
    Ok(match edit {
        Edit::Rename { to, .. } => (key, key + key_name.len(), (*to).to_owned()),
        Edit::Replace { text: to, .. } => (key, end, (*to).to_owned()),
        Edit::Split { flag, second, .. } => (
            key,
            end,
            format!(
                "{key_name}: {flag}{}{second}: {value_text}",
                separator(block, before)
            ),
        ),
        Edit::Append { entry, .. } => (
            key,
            end,
            format!(
                "{key_name}: {value_text}{}{entry}",
                separator(block, before)
            ),
        ),
        Edit::Remove { .. } if block => {
            let line_end = text[end..].find('\n').map_or(text.len(), |i| end + i + 1);
            (line_start, line_end, String::new())
        }
        Edit::Remove { .. } => {
            // `, key: value` inside a flow mapping.
            let comma = text[..key].rfind(',').unwrap_or(key);
            (comma, end, String::new())
        }
    })
}

/// What goes between two entries of a mapping: a new line at the key's
/// column in a block mapping, `, ` in a flow mapping.
fn separator(block: bool, before_key: &str) -> String {
    if block {
        format!("\n{}", " ".repeat(before_key.chars().count()))
    } else {
        ", ".to_owned()
    }
}

/// The byte offset of a 1-based line and (character) column.
fn offset(lines: &[&str], (line, column): (usize, usize)) -> Result<usize, String> {
    let start: usize = lines
        .iter()
        .take(line.saturating_sub(1))
        .map(|l| l.len())
        .sum();
    let text = lines
        .get(line.saturating_sub(1))
        .ok_or_else(|| format!("line {line} is past the end of the file"))?;
    let within = text
        .char_indices()
        .nth(column.saturating_sub(1))
        .map_or(text.len(), |(i, _)| i);
    Ok(start + within)
}

/// Where a scalar value that starts at `start` ends: after its closing
/// quote, or for a plain scalar at the end of the line (or a comment), and
/// inside a flow mapping before the next `,` or `}`.
fn value_end(text: &str, start: usize, block: bool) -> usize {
    let rest = &text[start..];
    let line = rest.find('\n').map_or(rest.len(), |i| i);
    let bytes = rest.as_bytes();
    if let Some(&quote @ (b'"' | b'\'')) = bytes.first() {
        let mut i = 1;
        while i < line {
            if bytes[i] == b'\\' && quote == b'"' {
                i += 2;
                continue;
            }
            if bytes[i] == quote {
                if quote == b'\'' && bytes.get(i + 1) == Some(&b'\'') {
                    i += 2;
                    continue;
                }
                return start + i + 1;
            }
            i += 1;
        }
        return start + line;
    }
    let mut end = line;
    if let Some(comment) = rest[..line].find(" #") {
        end = comment;
    }
    if !block && let Some(stop) = rest[..end].find([',', '}']) {
        end = stop;
    }
    start + end
}

#[cfg(test)]
mod tests {
    use super::migrate;

    #[test]
    fn earlier_spellings_become_todays() {
        let before = "\
endpoints:
  - path: /a/b
    version: \"1.0\"
    method: POST
    summary: S.
    resource: {name: r, op: update, key: {id: id}, set: {state: \"Off\"}}
    params:
      - {name: client_id, type: integer, description: C.}
      - name: ids
        type: string
        required: true
        list: brackets   # the 1.0 pages' form
        description: D.
      - {name: envs, type: string, required: false, map: file name (such as `a.env`), description: D.}
    response:
      shape: S
shapes:
  - name: S
    description: D.
    fields:
      - {name: a, type: string, optional: true, description: D.}
      - name: b
        type: string
        optional: false
        description: D.
";
        let after = migrate(before).unwrap().unwrap();
        assert_eq!(
            after,
            "\
endpoints:
  - path: /a/b
    version: \"1.0\"
    method: POST
    summary: S.
    resource: {name: r, op: update, named_by: {id: id}, assigns: {state: \"Off\"}}
    params:
      - {name: client_id, role: client_id, type: integer, description: C.}
      - name: ids
        type: string
        required: true
        list: true
        encoding: brackets   # the 1.0 pages' form
        description: D.
      - {name: envs, type: string, required: false, map: true, keys: file name (such as `a.env`), description: D.}
    response:
      type: S
shapes:
  - name: S
    description: D.
    fields:
      - {name: a, type: string, required: false, description: D.}
      - name: b
        type: string
        description: D.
"
        );
        assert_eq!(migrate(&after).unwrap(), None);
    }
}
