//! Laying out expressions as rustfmt lays them out, for the few kinds the
//! generated code is made of: calls (and macro calls), method chains,
//! arrays, tuples and references, and `NAME = value` right-hand sides.
//!
//! The rules are rustfmt's defaults (edition 2024, `max_width` 100):
//! a call's arguments go on one line when they take at most 60 columns
//! (`fn_call_width`), a chain of two or more calls when the whole chain
//! takes at most 60 (`chain_width`), an array's items when they take at most
//! 60 (`array_width`); otherwise one item a line, indented four more, with a
//! trailing comma (none in a macro call). A call with a single argument that
//! is itself a call or an array lets that argument break instead. A chain
//! that breaks puts each call on a line of its own, four columns in from the
//! chain's first line, or at the same column when its first element already
//! broke. A right-hand side goes on the next line, four columns in, when it
//! fits there better (rustfmt's `choose_rhs`). The generated files are
//! checked with `rustfmt --check` by a test.

/// The widest line.
pub const WIDTH: usize = 100;
const CALL_WIDTH: usize = 60;
const CHAIN_WIDTH: usize = 60;
const ARRAY_WIDTH: usize = 60;
/// Array items at most this wide may share lines.
const SHORT_ITEM: usize = 10;

/// An expression to lay out.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    /// Text that does not break: a literal, a path.
    Text(String),
    /// `head(args)`, or `head!(args)` for a macro.
    Call {
        /// Everything before the parenthesis.
        head: String,
        /// The arguments.
        args: Vec<Expr>,
        /// A macro call: no trailing comma when its arguments break.
        bang: bool,
    },
    /// `root.name(args).name(args)…`.
    Chain {
        /// The first element.
        root: Box<Expr>,
        /// Each method called, with its arguments.
        links: Vec<(String, Vec<Expr>)>,
    },
    /// `[items]`.
    Array(Vec<Expr>),
    /// `(items)`.
    Tuple(Vec<Expr>),
    /// `&expr`.
    Ref(Box<Expr>),
    /// Text followed by an expression: `Item = (A, B)`, `impl Trait<…>`.
    Prefix(String, Box<Expr>),
    /// A type with generic arguments: `head<args>`; the arguments never
    /// break inside a sole one.
    Generic {
        /// The type's path.
        head: String,
        /// Its arguments.
        args: Vec<Expr>,
    },
}

impl Expr {
    /// Text that does not break.
    pub fn text(text: impl Into<String>) -> Expr {
        Expr::Text(text.into())
    }

    /// A call.
    pub fn call(head: impl Into<String>, args: Vec<Expr>) -> Expr {
        Expr::Call {
            head: head.into(),
            args,
            bang: false,
        }
    }

    /// A macro call (`head` without the `!`).
    pub fn mac(head: impl Into<String>, args: Vec<Expr>) -> Expr {
        Expr::Call {
            head: format!("{}!", head.into()),
            args,
            bang: true,
        }
    }

    /// `&self`.
    pub fn by_ref(self) -> Expr {
        Expr::Ref(Box::new(self))
    }

    /// `self.name(args)`: a chain, or a longer one.
    pub fn then(self, name: &str, args: Vec<Expr>) -> Expr {
        match self {
            Expr::Chain { root, mut links } => {
                links.push((name.to_owned(), args));
                Expr::Chain { root, links }
            }
            root => Expr::Chain {
                root: Box::new(root),
                links: vec![(name.to_owned(), args)],
            },
        }
    }

    /// The expression on one line.
    pub fn flat(&self) -> String {
        let mut out = String::new();
        self.write_flat(&mut out);
        out
    }

    fn write_flat(&self, out: &mut String) {
        match self {
            Expr::Text(text) => out.push_str(text),
            Expr::Call { head, args, .. } => {
                out.push_str(head);
                flat_into(out, "(", args, ")");
            }
            Expr::Chain { root, links } => {
                root.write_flat(out);
                for (name, args) in links {
                    out.push('.');
                    out.push_str(name);
                    flat_into(out, "(", args, ")");
                }
            }
            Expr::Array(items) => flat_into(out, "[", items, "]"),
            Expr::Tuple(items) => flat_into(out, "(", items, ")"),
            Expr::Ref(inner) => {
                out.push('&');
                inner.write_flat(out);
            }
            Expr::Prefix(text, inner) => {
                out.push_str(text);
                inner.write_flat(out);
            }
            Expr::Generic { head, args } => {
                out.push_str(head);
                flat_into(out, "<", args, ">");
            }
        }
    }

    /// The width of [`flat`](Self::flat)'s text, without making it; `None`
    /// when the expression holds a line break.
    fn flat_len(&self) -> Option<usize> {
        let line = |text: &str| (!text.contains('\n')).then_some(text.len());
        Some(match self {
            Expr::Text(text) => line(text)?,
            Expr::Call { head, args, .. } | Expr::Generic { head, args } => {
                line(head)? + 2 + flat_list_len(args)?
            }
            Expr::Chain { root, links } => chain_flat_len(root, links)?,
            Expr::Array(items) | Expr::Tuple(items) => 2 + flat_list_len(items)?,
            Expr::Ref(inner) => 1 + inner.flat_len()?,
            Expr::Prefix(text, inner) => line(text)? + inner.flat_len()?,
        })
    }

    /// The expression laid out with its first line starting at column
    /// `used`, its block at `indent`, and `tail` columns (`,`, `;`, `)`)
    /// following its last line.
    pub fn layout(&self, indent: usize, used: usize, tail: usize) -> String {
        let room = Room {
            indent,
            used,
            width: WIDTH.saturating_sub(used + tail),
            tail,
        };
        self.within(room, false)
            .unwrap_or_else(|| self.within(room.unbounded(), false).unwrap_or_default())
    }

    /// The layout within `room`; `None` where it cannot fit (or, with
    /// `one_line`, a chain does not fit on one line).
    fn within(&self, room: Room, one_line: bool) -> Option<String> {
        match self {
            Expr::Text(text) => Some(text.clone()),
            Expr::Ref(inner) => inner
                .within(room.after(1), one_line)
                .map(|text| format!("&{text}")),
            Expr::Call { head, args, bang } => Some(call(head, args, *bang, room)),
            Expr::Array(items) => Some(list("[", "]", items, ARRAY_WIDTH, true, room)),
            Expr::Tuple(items) => Some(list("(", ")", items, CALL_WIDTH, true, room)),
            Expr::Chain { root, links } => chain(root, links, room, one_line),
            Expr::Prefix(text, inner) => inner
                .within(room.after(text.len()), one_line)
                .map(|inner| format!("{text}{inner}")),
            Expr::Generic { head, args } => {
                Some(items(head, "<", ">", args, CALL_WIDTH, true, room, false))
            }
        }
    }
}

/// Where an expression is laid out: its block's indentation, the column its
/// first line starts at, and how many columns that line may take.
#[derive(Debug, Clone, Copy)]
struct Room {
    indent: usize,
    used: usize,
    width: usize,
    /// Columns that follow the expression's last line.
    tail: usize,
}

impl Room {
    /// The room after `n` more columns of the first line.
    fn after(self, n: usize) -> Room {
        Room {
            used: self.used + n,
            width: self.width.saturating_sub(n),
            ..self
        }
    }

    /// The same start, bounded only by the widest line.
    fn unbounded(self) -> Room {
        Room {
            width: WIDTH.saturating_sub(self.used),
            ..self
        }
    }
}

fn flat_list(items: &[Expr]) -> String {
    let mut out = String::new();
    flat_into(&mut out, "", items, "");
    out
}

/// `open`, the items on one line separated by commas, and `close`.
fn flat_into(out: &mut String, open: &str, items: &[Expr], close: &str) {
    out.push_str(open);
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        item.write_flat(out);
    }
    out.push_str(close);
}

/// The width of [`flat_list`]'s text, without making it; `None` when an
/// item holds a line break.
fn flat_list_len(items: &[Expr]) -> Option<usize> {
    let mut len = 2 * items.len().saturating_sub(1);
    for item in items {
        len += item.flat_len()?;
    }
    Some(len)
}

fn first_line(text: &str) -> &str {
    text.split('\n').next().unwrap_or_default()
}

fn is_short(item: &Expr) -> bool {
    matches!(item, Expr::Text(t) if t.len() <= SHORT_ITEM && !t.contains('\n'))
}

/// What may break inside a sole argument (rustfmt's
/// `can_be_overflowed_expr`): a call, a chain, an array, a tuple, a macro
/// call, or a reference to one.
fn overflows(expr: &Expr) -> bool {
    match expr {
        Expr::Call { .. } | Expr::Chain { .. } | Expr::Array(_) | Expr::Tuple(_) => true,
        Expr::Ref(inner) => overflows(inner),
        Expr::Text(_) | Expr::Prefix(..) | Expr::Generic { .. } => false,
    }
}

/// A call (or macro call) inside a call: its width is bounded by the
/// arguments' limit when it breaks its parent's line (rustfmt's
/// `is_nested_call`).
fn is_nested_call(expr: &Expr) -> bool {
    match expr {
        Expr::Call { .. } => true,
        Expr::Ref(inner) => is_nested_call(inner),
        _ => false,
    }
}

fn is_chain(expr: &Expr) -> bool {
    match expr {
        Expr::Chain { .. } => true,
        Expr::Ref(inner) => is_chain(inner),
        _ => false,
    }
}

/// `open`, one item a line at `indent + 4` each with a comma (but the last
/// of a macro call's), and `close` at `indent`.
fn vertical(open: &str, close: &str, items: &[Expr], room: Room, comma: bool) -> String {
    let inner = room.indent + 4;
    let pad = " ".repeat(inner);
    let mut out = format!("{open}\n");
    for (i, item) in items.iter().enumerate() {
        let last = i + 1 == items.len();
        let sep = if comma || !last { "," } else { "" };
        out.push_str(&pad);
        out.push_str(&item.layout(inner, inner, sep.len()));
        out.push_str(sep);
        out.push('\n');
    }
    out.push_str(&" ".repeat(room.indent));
    out.push_str(close);
    out
}

/// Short items packed into lines, as rustfmt lays out an array of them.
fn mixed(items: &[Expr], room: Room) -> String {
    let inner = room.indent + 4;
    let pad = " ".repeat(inner);
    let mut out = String::from("[\n");
    let mut line = String::new();
    for item in items {
        let text = format!("{},", item.flat());
        if !line.is_empty() && inner + line.len() + 1 + text.len() > WIDTH {
            out.push_str(&pad);
            out.push_str(&line);
            out.push('\n');
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(&text);
    }
    if !line.is_empty() {
        out.push_str(&pad);
        out.push_str(&line);
        out.push('\n');
    }
    out.push_str(&" ".repeat(room.indent));
    out.push(']');
    out
}

/// A parenthesized or bracketed list of items after `head`, as rustfmt's
/// `overflow` module lays one out: a sole item that can break may break
/// inside the brackets (when its first line keeps within `max`); the items
/// on one line when they take at most `max` columns and fit; else one a
/// line.
#[allow(clippy::too_many_arguments)]
fn items(
    head: &str,
    open: &str,
    close: &str,
    items: &[Expr],
    max: usize,
    comma: bool,
    room: Room,
    overflow: bool,
) -> String {
    let start = room.after(head.len() + open.len());
    // The room of the items on the first line, before the closing bracket.
    let one_line = start.width.saturating_sub(close.len());
    if items.is_empty() {
        return format!("{head}{open}{close}");
    }
    if let [only] = items
        && overflow
        && overflows(only)
    {
        // A callee shorter than an indentation takes the item with it.
        let combine = head.len() < 4;
        let width = if is_nested_call(only) {
            max.min(one_line)
        } else {
            one_line
        };
        let budget = Room { width, ..start };
        let forced = is_chain(only) && !combine;
        if let Some(inner) = only.within(budget, forced) {
            let first = first_line(&inner).len();
            if first <= max && first <= one_line {
                return format!("{head}{open}{inner}{close}");
            }
        }
    }
    let single = items.len() == 1;
    let flat_fits =
        flat_list_len(items).is_some_and(|len| len <= one_line && (single || len <= max));
    // A chain on one line keeps within its own limit (rustfmt's
    // `chain_width`), wherever it stands.
    if flat_fits
        && items
            .iter()
            .all(|item| !is_chain(item) || item.within(start, true).is_some())
    {
        return format!("{head}{open}{}{close}", flat_list(items));
    }
    if open == "[" && items.len() > 1 && items.iter().all(is_short) {
        return format!("{head}{}", mixed(items, room));
    }
    vertical(&format!("{head}{open}"), close, items, room, comma)
}

fn list(open: &str, close: &str, list: &[Expr], max: usize, comma: bool, room: Room) -> String {
    items("", open, close, list, max, comma, room, true)
}

fn call(head: &str, args: &[Expr], bang: bool, room: Room) -> String {
    items(head, "(", ")", args, CALL_WIDTH, !bang, room, true)
}

fn chain(root: &Expr, links: &[(String, Vec<Expr>)], room: Room, one_line: bool) -> Option<String> {
    // A root no wider than an indentation (`self`, `form`) takes its first
    // call with it.
    if root.flat_len().is_some_and(|len| len <= 4)
        && let Some(((name, args), rest)) = links.split_first()
    {
        let joined = Expr::call(format!("{}.{name}", root.flat()), args.clone());
        if rest.is_empty() {
            return joined.within(room, one_line);
        }
        return chain(&joined, rest, room, one_line);
    }
    let (last, others) = links.split_last()?;
    let root_text = root.within(room, false)?;
    // Calls go four in from a root on one line; at the root's own column
    // when the root broke (it ends on a line of its own).
    let at = if root_text.contains('\n') {
        room.indent
    } else {
        room.indent + 4
    };
    let own_line = |tail: usize| Room {
        indent: at,
        used: at,
        width: WIDTH.saturating_sub(at + tail),
        tail,
    };
    let limit = if links.len() == 1 {
        room.width
    } else {
        room.width.min(CHAIN_WIDTH)
    };
    // On one line, the chain is its flat text, within the limit.
    if one_line && chain_flat_len(root, links).is_none_or(|len| len > limit) {
        return None;
    }
    let mut rewrites = vec![root_text];
    for other in others {
        rewrites.push(link(other, own_line(0)));
    }
    let all_on_one = rewrites.iter().all(|r| !r.contains('\n'));
    if one_line && !all_on_one {
        return None;
    }
    let almost: usize = rewrites.iter().map(String::len).sum();
    let (inline, alone) = if all_on_one {
        last_child(last, room, almost, limit, own_line(room.tail))
    } else {
        (None, None)
    };
    if let Some(rw) = inline {
        let mut out = rewrites.concat();
        out.push_str(&rw);
        return (!one_line || !out.contains('\n')).then_some(out);
    }
    if one_line {
        return None;
    }
    let mut out = rewrites.remove(0);
    for rewrite in rewrites {
        out.push('\n');
        out.push_str(&" ".repeat(at));
        out.push_str(&rewrite);
    }
    out.push('\n');
    out.push_str(&" ".repeat(at));
    out.push_str(&alone.unwrap_or_else(|| link(last, own_line(room.tail))));
    Some(out)
}

/// One call of a chain, `.name(args)`.
fn link((name, args): &(String, Vec<Expr>), room: Room) -> String {
    call(&format!(".{name}"), args, false, room)
}

/// rustfmt's `format_last_child`, for a chain whose other parts took
/// `almost` columns on one line: the last call on that line, maybe breaking
/// inside, when that takes no more lines than the last call on a line of
/// its own (`alone`). Returns the inline layout when it is the one, and
/// the layout on its own line when it was made.
fn last_child(
    last: &(String, Vec<Expr>),
    room: Room,
    almost: usize,
    limit: usize,
    alone: Room,
) -> (Option<String>, Option<String>) {
    let budget = limit.saturating_sub(almost);
    if budget == 0 {
        return (None, None);
    }
    let rw = link(last, room.after(almost));
    if first_line(&rw).len() > budget {
        return (None, None);
    }
    let lines = rw.lines().count();
    if lines >= 5 {
        return (Some(rw), None);
    }
    let new = link(last, alone);
    let inline = (new.lines().count() >= lines).then_some(rw);
    (inline, Some(new))
}

/// The width of a chain on one line; `None` when it holds a line break.
fn chain_flat_len(root: &Expr, links: &[(String, Vec<Expr>)]) -> Option<usize> {
    let mut len = root.flat_len()?;
    for (name, args) in links {
        len += name.len() + 3 + flat_list_len(args)?;
    }
    Some(len)
}

/// `prefix` (such as `const X: T =`, without its space) followed by
/// `value` and `;`, at `indent`: on the same line, or on the next, four
/// columns in, where rustfmt would put it there (its `choose_rhs`).
pub fn assign(prefix: &str, value: &Expr, indent: usize) -> String {
    let used = indent + prefix.len() + 1;
    let same = value.layout(indent, used, 1);
    // Every line within the widest, the first after `prefix`, the last
    // with its `;`.
    let fits = |text: &str, first_at: usize| {
        let lines: Vec<&str> = text.split('\n').collect();
        lines.iter().enumerate().all(|(i, l)| {
            let start = if i == 0 { first_at } else { 0 };
            let end = usize::from(i + 1 == lines.len());
            start + l.len() + end <= WIDTH
        })
    };
    if !same.contains('\n') && fits(&same, used) {
        return format!("{prefix} {same};");
    }
    let inner = indent + 4;
    let next = value.layout(inner, inner, 1);
    if !fits(&next, inner) {
        return format!("{prefix} {same};");
    }
    let ends = |text: &str, c: char| first_line(text).ends_with(c);
    let prefer_next = !fits(&same, used)
        || !next.contains('\n')
        || same.matches('\n').count() > next.matches('\n').count() + 1
        || ['(', '[', '{']
            .iter()
            .any(|&c| ends(&same, c) && !ends(&next, c));
    if prefer_next {
        format!("{prefix}\n{}{next};", " ".repeat(inner))
    } else {
        format!("{prefix} {same};")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Expr {
        Expr::text(s)
    }

    #[test]
    fn calls_break_past_sixty_columns_of_arguments() {
        let short = Expr::call("foo", vec![t("a"), t("b")]);
        assert_eq!(short.layout(0, 0, 1), "foo(a, b)");
        let long = Expr::call("foo", vec![t(&"a".repeat(28)), t(&"b".repeat(32))]);
        assert_eq!(
            long.layout(4, 4, 1),
            format!(
                "foo(\n        {},\n        {},\n    )",
                "a".repeat(28),
                "b".repeat(32)
            )
        );
    }

    #[test]
    fn chains_of_two_calls_break_past_sixty_columns() {
        let chain = |about: &str| {
            Expr::call("crate::Param::required", vec![t("\"a\""), t("K")])
                .then("about", vec![t(about)])
                .then("example", vec![t("1")])
        };
        assert_eq!(
            chain("\"A\"").layout(4, 4, 1),
            "crate::Param::required(\"a\", K).about(\"A\").example(1)"
        );
        assert_eq!(
            chain("\"Abcdefghijk\"").layout(4, 4, 1),
            "crate::Param::required(\"a\", K)\n        .about(\"Abcdefghijk\")\n        .example(1)"
        );
    }

    #[test]
    fn a_right_hand_side_moves_to_the_next_line_when_it_fits_better() {
        let value = Expr::call(
            "crate::ResourceUse::new",
            vec![
                t("&crate::resources::DNS_RECORD"),
                t("crate::ResourceOp::Update"),
            ],
        )
        .then("key", vec![t("&[(\"domain\", &[\"domain\"])]")])
        .then("fields", vec![t("&[(\"type\", &[\"type\"])]")]);
        assert_eq!(
            assign("pub const Z: crate::ResourceUse =", &value, 0),
            "pub const Z: crate::ResourceUse =\n    crate::ResourceUse::new(&crate::resources::DNS_RECORD, crate::ResourceOp::Update)\n        .key(&[(\"domain\", &[\"domain\"])])\n        .fields(&[(\"type\", &[\"type\"])]);"
        );
    }
}
