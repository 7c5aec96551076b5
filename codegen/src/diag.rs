//! Diagnostics: `file:line:col: message`, and the index that finds where in a
//! YAML file a value stands.

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};
use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

/// One problem found in the spec, with the place a person should look.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Diagnostic {
    /// The spec file.
    pub file: PathBuf,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// What is wrong, as a plain sentence.
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.file.display(),
            self.line,
            self.column,
            self.message
        )
    }
}

/// Every problem found in one run; never empty.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            write!(f, "{d}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostics {}

/// What a check found: errors (the spec cannot be used) and hints (it can,
/// but writes something in an earlier spelling).
#[derive(Debug, Default)]
pub struct Problems {
    /// What is wrong.
    pub errors: Vec<Diagnostic>,
    /// What to write instead of an earlier spelling.
    pub hints: Vec<Diagnostic>,
}

impl Problems {
    /// Sorts both lists in reading order, whatever order the checks ran in.
    pub fn sort(&mut self) {
        let order = |a: &Diagnostic, b: &Diagnostic| {
            (&a.file, a.line, a.column).cmp(&(&b.file, b.line, b.column))
        };
        self.errors.sort_by(order);
        self.hints.sort_by(order);
    }
}

/// Where a node of a YAML file starts: the key that names it (for mapping
/// values) and the value itself.
#[derive(Debug, Clone, Copy)]
struct Spot {
    key: Option<(usize, usize)>,
    value: (usize, usize),
}

/// Positions of the nodes of one YAML file, by path (`endpoints[0].params[2].name`).
#[derive(Debug, Default)]
pub struct Locations {
    spots: HashMap<String, Spot>,
}

/// Which part of a node a diagnostic points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum At {
    /// The key of a mapping entry.
    Key,
    /// The value of a mapping entry or list item.
    Value,
}

impl Locations {
    /// Indexes `source`. A file that does not parse gets an empty index (its
    /// syntax error is reported by the typed parse, which runs first).
    pub fn index(source: &str) -> Locations {
        let mut builder = Builder::default();
        let mut parser = Parser::new_from_str(source);
        if parser.load(&mut builder, false).is_err() {
            return Locations::default();
        }
        Locations {
            spots: builder.spots,
        }
    }

    /// The line and column of `path`, or of its nearest indexed ancestor.
    pub fn find(&self, path: &str, at: At) -> (usize, usize) {
        let mut path = path;
        loop {
            if let Some(spot) = self.spots.get(path) {
                return match (at, spot.key) {
                    (At::Key, Some(key)) => key,
                    _ => spot.value,
                };
            }
            match path.rfind(['.', '[']) {
                Some(cut) => path = &path[..cut],
                None if path.is_empty() => return (1, 1),
                None => path = "",
            }
        }
    }
}

enum Frame {
    Map {
        path: String,
        key: Option<(String, (usize, usize))>,
    },
    Seq {
        path: String,
        next: usize,
    },
}

#[derive(Default)]
struct Builder {
    stack: Vec<Frame>,
    spots: HashMap<String, Spot>,
    /// Depth inside a complex (non-scalar) mapping key, which is skipped.
    skip: usize,
}

fn at(mark: Marker) -> (usize, usize) {
    (mark.line(), mark.col() + 1)
}

impl Builder {
    /// Called at the start of every node; returns the node's path when it is a
    /// value (not a mapping key).
    fn place(&mut self, mark: Marker, scalar: Option<&str>) -> Option<String> {
        match self.stack.last_mut() {
            None => {
                self.spots.insert(
                    String::new(),
                    Spot {
                        key: None,
                        value: at(mark),
                    },
                );
                Some(String::new())
            }
            Some(Frame::Seq { path, next }) => {
                let child = format!("{path}[{next}]");
                *next += 1;
                self.spots.insert(
                    child.clone(),
                    Spot {
                        key: None,
                        value: at(mark),
                    },
                );
                Some(child)
            }
            Some(Frame::Map { path, key }) => match key.take() {
                None => {
                    *key = Some((scalar.unwrap_or("?").to_owned(), at(mark)));
                    None
                }
                Some((name, key_at)) => {
                    let child = if path.is_empty() {
                        name
                    } else {
                        format!("{path}.{name}")
                    };
                    self.spots.insert(
                        child.clone(),
                        Spot {
                            key: Some(key_at),
                            value: at(mark),
                        },
                    );
                    Some(child)
                }
            },
        }
    }
}

impl MarkedEventReceiver for Builder {
    fn on_event(&mut self, event: Event, mark: Marker) {
        if self.skip > 0 {
            match event {
                Event::MappingStart(..) | Event::SequenceStart(..) => self.skip += 1,
                Event::MappingEnd | Event::SequenceEnd => self.skip -= 1,
                _ => {}
            }
            return;
        }
        match event {
            Event::Scalar(ref text, ..) => {
                self.place(mark, Some(text));
            }
            Event::Alias(_) => {
                self.place(mark, None);
            }
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                let is_key = matches!(self.stack.last(), Some(Frame::Map { key: None, .. }));
                if is_key {
                    // A complex key: give it a placeholder name and skip its body.
                    self.place(mark, None);
                    self.skip = 1;
                    return;
                }
                let path = self.place(mark, None).unwrap_or_default();
                self.stack
                    .push(if matches!(event, Event::MappingStart(..)) {
                        Frame::Map { path, key: None }
                    } else {
                        Frame::Seq { path, next: 0 }
                    });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                self.stack.pop();
            }
            _ => {}
        }
    }
}

/// Turns a serde_yaml error into a diagnostic, moving its location out of the
/// message and into the `file:line:col` prefix.
pub fn from_yaml_error(file: &Path, error: &serde_yaml::Error) -> Diagnostic {
    let mut message = error.to_string();
    let (line, column) = match error.location() {
        Some(location) => {
            let suffix = format!(" at line {} column {}", location.line(), location.column());
            if let Some(cut) = message.find(&suffix) {
                message.replace_range(cut..cut + suffix.len(), "");
            }
            (location.line(), location.column())
        }
        None => (1, 1),
    };
    Diagnostic {
        file: file.to_path_buf(),
        line,
        column,
        message,
    }
}
