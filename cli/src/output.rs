//! Printing `return`: JSON (pretty on a terminal, compact when piped), or a
//! list as a table.

use serde_json::Value;
use std::io::Write;

/// Writes the value as the `--output` flag says: JSON (pretty for a
/// terminal), or a list as a table.
///
/// # Errors
///
/// When `out` cannot be written.
pub fn write(
    out: &mut dyn Write,
    value: &Value,
    table: bool,
    terminal: bool,
) -> std::io::Result<()> {
    if table && let Some(rows) = rows(value) {
        return write_table(out, rows);
    }
    if terminal {
        serde_json::to_writer_pretty(&mut *out, value)?;
    } else {
        serde_json::to_writer(&mut *out, value)?;
    }
    writeln!(out)
}

/// The rows of a list: the list itself, or a page's `data`.
fn rows(value: &Value) -> Option<&Vec<Value>> {
    match value {
        Value::Array(rows) => Some(rows),
        Value::Object(page) => page.get("data").and_then(Value::as_array),
        _ => None,
    }
}

fn write_table(out: &mut dyn Write, rows: &[Value]) -> std::io::Result<()> {
    // Columns: every key whose values are scalars, in order of appearance.
    let mut columns: Vec<&str> = Vec::new();
    for row in rows {
        if let Value::Object(fields) = row {
            for (key, value) in fields {
                if !matches!(value, Value::Array(_) | Value::Object(_))
                    && !columns.contains(&key.as_str())
                {
                    columns.push(key);
                }
            }
        }
    }
    if columns.is_empty() {
        for row in rows {
            writeln!(out, "{}", cell(row))?;
        }
        return Ok(());
    }
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|row| {
            columns
                .iter()
                .map(|c| row.get(*c).map_or_else(String::new, cell))
                .collect()
        })
        .collect();
    let widths: Vec<usize> = columns
        .iter()
        .enumerate()
        .map(|(i, c)| {
            cells
                .iter()
                .map(|r| r[i].chars().count())
                .chain([c.len()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let line = |out: &mut dyn Write, values: &[String]| -> std::io::Result<()> {
        let mut text = String::new();
        for (i, v) in values.iter().enumerate() {
            if i + 1 == values.len() {
                text.push_str(v);
            } else {
                text.push_str(&format!("{v:<w$}  ", w = widths[i]));
            }
        }
        writeln!(out, "{}", text.trim_end())
    };
    let header: Vec<String> = columns.iter().map(|c| c.to_uppercase()).collect();
    line(out, &header)?;
    for row in &cells {
        line(out, row)?;
    }
    Ok(())
}

fn cell(value: &Value) -> String {
    match value {
        Value::String(s) => s.replace(['\n', '\t'], " "),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}
