//! A generated file's text, written line by line as rustfmt would leave it:
//! four spaces an indentation level, one blank line between items, none at
//! the start or end of a block, doc comments wrapped at 100 columns.

use super::areas::Gate;
use super::layout::{self, Expr, WIDTH};

/// The text of one generated file.
#[derive(Debug, Default)]
pub struct Code {
    text: String,
    indent: usize,
    /// Whether the last thing written opened a block or was a blank line:
    /// a blank line is not written after either.
    fresh: bool,
}

impl Code {
    /// An empty file.
    pub fn new() -> Code {
        Code {
            text: String::new(),
            indent: 0,
            fresh: true,
        }
    }

    /// The current indentation, in columns.
    pub fn indent(&self) -> usize {
        self.indent
    }

    /// Writes one line at the current indentation (several, for text with
    /// line breaks, each indented).
    pub fn line(&mut self, text: &str) {
        for line in text.split('\n') {
            if line.is_empty() {
                self.text.push('\n');
            } else {
                self.text.push_str(&" ".repeat(self.indent));
                self.text.push_str(line);
                self.text.push('\n');
            }
        }
        self.fresh = false;
    }

    /// Writes text that is laid out already (its later lines carry their
    /// own indentation), starting at the current indentation.
    pub fn laid_out(&mut self, text: &str) {
        self.text.push_str(&" ".repeat(self.indent));
        self.text.push_str(text);
        self.text.push('\n');
        self.fresh = false;
    }

    /// A blank line between items: not after another, nor at a block's start.
    pub fn blank(&mut self) {
        if !self.fresh {
            self.text.push('\n');
            self.fresh = true;
        }
    }

    /// `#[cfg(any(feature = ...))]` before an item compiled only with the
    /// features of `gate` (an implementation, an array's element), if gated.
    pub fn cfg(&mut self, gate: Option<&Gate>) {
        if let Some(gate) = gate {
            let attribute = Meta::list("cfg", vec![gate_meta(gate)]);
            self.attribute(&attribute);
        }
    }

    /// The `cfg` and the badge docs.rs shows, before a public item compiled
    /// only with the features of `gate`, if gated.
    pub fn gate(&mut self, gate: Option<&Gate>) {
        if let Some(gate) = gate {
            self.cfg(Some(gate));
            let doc = Meta::list("doc", vec![Meta::list("cfg", vec![gate_meta(gate)])]);
            let badge = Meta::list("cfg_attr", vec![Meta::Word("docsrs".to_owned()), doc]);
            self.attribute(&badge);
        }
    }

    /// `#[meta]`, laid out as rustfmt lays out an attribute.
    fn attribute(&mut self, meta: &Meta) {
        let indent = self.indent;
        let text = meta.layout(indent, indent + "#[".len(), "]".len());
        self.laid_out(&format!("#[{text}]"));
    }

    /// Writes `head {` and indents.
    pub fn open(&mut self, head: &str) {
        if head.is_empty() {
            self.line("{");
        } else {
            self.line(&format!("{head} {{"));
        }
        self.indent += 4;
        self.fresh = true;
    }

    /// Writes a function's signature and `{`, and indents, laid out as
    /// rustfmt lays out a function: on one line where it fits with ` {`;
    /// else the parameters one per line, then `) -> T {`, the brace on a
    /// line of its own where rustfmt's budget for it (the width less the
    /// indent, counted from the line's start) is exceeded, and a generic
    /// return type's arguments on a line of their own where the return type
    /// exceeds its budget. `head` is `fn name` with any generics.
    pub fn open_fn(&mut self, head: &str, params: &[String], returns: Option<&str>) {
        let width = layout::WIDTH;
        let arrow = returns.map_or_else(String::new, |r| format!(" -> {r}"));
        let one_line = format!("{head}({}){arrow}", params.join(", "));
        if self.indent + one_line.len() + 2 <= width {
            self.open(&one_line);
            return;
        }
        self.line(&format!("{head}("));
        for param in params {
            self.line(&format!("    {param},"));
        }
        let Some(returns) = returns else {
            self.open(")");
            return;
        };
        let last = format!("){arrow}");
        let generic = returns
            .strip_suffix('>')
            .and_then(|r| r.split_once('<'))
            // rustfmt's budget for `-> T` is the width less the indent,
            // plus the five columns of `) -> ` before the type (measured).
            .filter(|_| self.indent + "-> ".len() + returns.len() > width + 5);
        if let Some((outer, inner)) = generic {
            self.line(&format!(") -> {outer}<"));
            let at = self.indent + 4;
            let lines = type_lines(inner, at, at, 1);
            self.laid_out(&format!("    {},", lines.join("\n")));
            self.open(">");
        } else if 2 * self.indent + last.len() + 2 > width {
            self.line(&last);
            self.open("");
        } else {
            self.open(&last);
        }
    }

    /// Dedents and writes `}` (with `tail`, such as `;` or `,`).
    pub fn close(&mut self, tail: &str) {
        self.indent = self.indent.saturating_sub(4);
        if self.fresh && self.text.ends_with("\n\n") {
            self.text.pop();
        }
        self.line(&format!("}}{tail}"));
    }

    /// `prefix value;` laid out as rustfmt lays out a right-hand side.
    pub fn assign(&mut self, prefix: &str, value: &Expr) {
        let text = layout::assign(prefix, value, self.indent);
        self.laid_out(&text);
    }

    /// `prefix &[items];`, where each item may be compiled only where its
    /// predicate holds: one item a line, each gated one after its
    /// `#[cfg]`, as rustfmt writes an array with attributes; laid out as
    /// any other array where none is gated.
    pub fn gated_array(&mut self, prefix: &str, items: Vec<(String, Option<Gate>)>) {
        if items.iter().all(|(_, gate)| gate.is_none()) {
            let items = items
                .into_iter()
                .map(|(item, _)| Expr::text(item))
                .collect();
            self.assign(prefix, &Expr::Array(items).by_ref());
            return;
        }
        self.line(&format!("{prefix} &["));
        self.indent += 4;
        for (item, gate) in &items {
            self.cfg(gate.as_ref());
            self.line(&format!("{item},"));
        }
        self.indent = self.indent.saturating_sub(4);
        self.line("];");
    }

    /// An expression statement: `value` followed by `tail` (`;` or `,`).
    pub fn expr(&mut self, value: &Expr, tail: &str) {
        let text = value.layout(self.indent, self.indent, tail.len());
        self.laid_out(&format!("{text}{tail}"));
    }

    /// A doc comment of `text` (paragraphs, Markdown), wrapped at the widest
    /// line; tables, headings, code blocks and lists' first lines keep
    /// their form.
    pub fn doc(&mut self, text: &str) {
        self.comment("///", text);
    }

    /// A plain comment (`//`) of `text`.
    pub fn note(&mut self, text: &str) {
        self.comment("//", text);
    }

    fn comment(&mut self, marker: &str, text: &str) {
        let lead = " ".repeat(self.indent);
        let room = WIDTH.saturating_sub(self.indent + marker.len() + 1).max(40);
        let mut fenced = false;
        for line in text.trim_end().split('\n') {
            let trimmed = line.trim_end();
            if trimmed.starts_with("```") {
                fenced = !fenced;
            }
            let keep = fenced
                || trimmed.starts_with("```")
                || trimmed.starts_with('|')
                || trimmed.starts_with('#')
                || trimmed.len() <= room;
            let pieces = if keep {
                vec![trimmed.to_owned()]
            } else {
                wrap(trimmed, room)
            };
            for piece in pieces {
                self.text.push_str(&lead);
                self.text.push_str(marker);
                if !piece.is_empty() {
                    self.text.push(' ');
                    self.text.push_str(&piece);
                }
                self.text.push('\n');
            }
        }
        self.fresh = false;
    }

    /// The file's text.
    pub fn finish(self) -> String {
        let mut text = self.text;
        while text.ends_with("\n\n") {
            text.pop();
        }
        text
    }
}

/// `line` wrapped at `room` columns; the lines after a list item's first
/// (`- `) are indented to its text.
fn wrap(line: &str, room: usize) -> Vec<String> {
    let hang = if line.starts_with("- ") { 2 } else { 0 };
    let mut out: Vec<String> = Vec::new();
    let mut current = String::new();
    for word in line.split_whitespace() {
        let limit = if out.is_empty() { room } else { room - hang };
        if !current.is_empty() && current.len() + 1 + word.len() > limit {
            out.push(std::mem::take(&mut current));
        }
        if !current.is_empty() {
            current.push(' ');
        }
        current.push_str(word);
    }
    if !current.is_empty() {
        out.push(current);
    }
    for piece in out.iter_mut().skip(1) {
        piece.insert_str(0, &" ".repeat(hang));
    }
    out
}

/// A type (or a generic argument such as `Output = T`) starting at column
/// `used` of a line indented `indent`, with `tail` columns after it, as
/// rustfmt lays out a generic type: on one line where it fits, else
/// `Name<`, each argument on a line of its own four columns in with a comma,
/// and `>` at the indent. The first line is without its start (it
/// continues a line); the others are indented.
fn type_lines(text: &str, indent: usize, used: usize, tail: usize) -> Vec<String> {
    if used + text.len() + tail <= layout::WIDTH {
        return vec![text.to_owned()];
    }
    // `Output = T`: the binding's type breaks after its name.
    if let Some((name, ty)) = text.split_once(" = ")
        && !name.contains('<')
    {
        let mut lines = type_lines(ty, indent, used + name.len() + 3, tail);
        lines[0] = format!("{name} = {}", lines[0]);
        return lines;
    }
    let Some((head, args)) = text.strip_suffix('>').and_then(|t| t.split_once('<')) else {
        return vec![text.to_owned()];
    };
    let inner = indent + 4;
    let pad = " ".repeat(inner);
    let mut lines = vec![format!("{head}<")];
    for arg in split_arguments(args) {
        let mut arg_lines = type_lines(arg, inner, inner, 1);
        if let Some(last) = arg_lines.last_mut() {
            last.push(',');
        }
        arg_lines[0] = format!("{pad}{}", arg_lines[0]);
        lines.extend(arg_lines);
    }
    lines.push(format!("{}>", " ".repeat(indent)));
    lines
}

/// The top-level arguments of a generic list: `A<B, C>, D` is `A<B, C>`
/// and `D`.
fn split_arguments(args: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let (mut depth, mut start) = (0usize, 0);
    for (i, c) in args.char_indices() {
        match c {
            '<' | '(' | '[' => depth += 1,
            '>' | ')' | ']' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => {
                out.push(args[start..i].trim());
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(args[start..].trim());
    out
}

/// `any(feature = "full", feature = "dns")`.
fn gate_meta(gate: &Gate) -> Meta {
    let features = gate
        .0
        .iter()
        .map(|f| Meta::Word(format!("feature = {f:?}")));
    Meta::list("any", features.collect())
}

/// An attribute's content: a word (`docsrs`, `feature = "dns"`) or a list
/// (`any(...)`).
enum Meta {
    Word(String),
    List(&'static str, Vec<Meta>),
}

/// rustfmt's widest list of several items kept on one line in an
/// attribute (`attr_fn_like_width`).
const ATTRIBUTE_ARGUMENTS: usize = 70;

impl Meta {
    fn list(name: &'static str, items: Vec<Meta>) -> Meta {
        Meta::List(name, items)
    }

    fn flat(&self) -> String {
        match self {
            Meta::Word(word) => word.clone(),
            Meta::List(name, items) => {
                let items: Vec<String> = items.iter().map(Meta::flat).collect();
                format!("{name}({})", items.join(", "))
            }
        }
    }

    /// Whether every list of several items fits rustfmt's width for one line.
    fn narrow(&self) -> bool {
        match self {
            Meta::Word(_) => true,
            Meta::List(_, items) => {
                let width: usize = items.iter().map(|i| i.flat().len() + 2).sum::<usize>();
                (items.len() < 2 || width.saturating_sub(2) <= ATTRIBUTE_ARGUMENTS)
                    && items.iter().all(Meta::narrow)
            }
        }
    }

    /// As rustfmt writes it from column `used` (continuation lines at
    /// `indent`) with `tail` columns after it: on one line where it fits;
    /// else a list of one item opens on the same line around its item, and
    /// a list of several puts each on a line of its own, without a
    /// trailing comma.
    fn layout(&self, indent: usize, used: usize, tail: usize) -> String {
        let flat = self.flat();
        if used + flat.len() + tail <= WIDTH && self.narrow() {
            return flat;
        }
        match self {
            Meta::Word(word) => word.clone(),
            Meta::List(name, items) if items.len() == 1 => {
                let inner = items[0].layout(indent, used + name.len() + 1, tail + 1);
                format!("{name}({inner})")
            }
            Meta::List(name, items) => {
                let at = indent + 4;
                let mut out = format!("{name}(\n");
                for (i, item) in items.iter().enumerate() {
                    let last = i + 1 == items.len();
                    out.push_str(&" ".repeat(at));
                    out.push_str(&item.layout(at, at, usize::from(!last)));
                    out.push_str(if last { "\n" } else { ",\n" });
                }
                out.push_str(&" ".repeat(indent));
                out.push(')');
                out
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gated(areas: &[&str], indent: usize) -> String {
        let gate = Gate(areas.iter().map(|a| (*a).to_owned()).collect());
        let mut code = Code::new();
        code.indent = indent;
        code.gate(Some(&gate));
        code.finish()
    }

    /// As rustfmt 1.95 leaves these attributes (its `attr_fn_like_width` of
    /// 70 breaks a list of several items before the line's width does).
    #[test]
    fn gates_are_laid_out_as_rustfmt_lays_out_attributes() {
        assert_eq!(
            gated(&["full", "dns"], 0),
            "#[cfg(any(feature = \"full\", feature = \"dns\"))]\n\
             #[cfg_attr(docsrs, doc(cfg(any(feature = \"full\", feature = \"dns\"))))]\n"
        );
        assert_eq!(
            gated(&["full", "accounts", "bandwidth"], 4),
            "    #[cfg(any(feature = \"full\", feature = \"accounts\", feature = \"bandwidth\"))]\n\
             \x20   #[cfg_attr(\n\
             \x20       docsrs,\n\
             \x20       doc(cfg(any(feature = \"full\", feature = \"accounts\", feature = \"bandwidth\")))\n\
             \x20   )]\n"
        );
        assert_eq!(
            gated(&["full", "accounts", "bandwidth", "cloud"], 0),
            "#[cfg(any(\n\
             \x20   feature = \"full\",\n\
             \x20   feature = \"accounts\",\n\
             \x20   feature = \"bandwidth\",\n\
             \x20   feature = \"cloud\"\n\
             ))]\n\
             #[cfg_attr(\n\
             \x20   docsrs,\n\
             \x20   doc(cfg(any(\n\
             \x20       feature = \"full\",\n\
             \x20       feature = \"accounts\",\n\
             \x20       feature = \"bandwidth\",\n\
             \x20       feature = \"cloud\"\n\
             \x20   )))\n\
             )]\n"
        );
    }

    #[test]
    fn docs_wrap_at_the_widest_line() {
        let mut code = Code::new();
        code.open("impl X");
        code.doc(&format!(
            "{} end.\n\n| a | b |\n- {}",
            "word ".repeat(30),
            "item ".repeat(25)
        ));
        code.close("");
        let text = code.finish();
        assert!(text.lines().all(|l| l.len() <= WIDTH), "{text}");
        assert!(text.contains("    /// | a | b |\n"));
        assert!(text.contains("\n    ///   item"), "{text}");
        assert!(text.contains("    ///\n"), "{text}");
    }
}
