//! The ordered `application/x-www-form-urlencoded` encoding of a request:
//! `apikey` first, then the parameters in the spec's order, lists, groups and
//! maps written as the API's own code samples write them. The same text is the
//! body of a POST and the query of a GET.
//!
//! Why urlencoded rather than multipart for POST: the API accepts both, its own
//! Python and Ruby samples and the official Go SDK send urlencoded, and it is
//! one flat byte string whose order nothing between us and the API can change.
//!
//! Names nest with brackets: a group member is `params[label]`, an element of
//! a list of groups `nameservers[0][name]`, a map entry `environments[<key>]`.

use crate::endpoint::ListEncoding;
use crate::secret::ApiKey;
use crate::wire::{InvalidValue, Reason};

/// The content type of every POST body.
pub const CONTENT_TYPE: &str = "application/x-www-form-urlencoded";

/// Writes parameters in order. Handed to [`Request::encode`](crate::Request::encode)
/// and [`Field::write_field`].
pub struct Form<'a> {
    out: &'a mut String,
    /// The encoded name of the group being written (`params%5BPhone%5D`);
    /// empty at the top level, where nothing is allocated for it.
    prefix: String,
    problem: Option<InvalidValue>,
}

/// The literal that stands for "choose for me" in a list-or-`auto` parameter.
pub const AUTO: &str = "auto";

/// A list parameter that may instead be the literal `auto`, as
/// `/server/provision` takes its addresses: `params[ipv4][0]=auto`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum OrAuto<T> {
    /// Let the API choose: sent as the single value `auto`.
    Auto,
    /// These values.
    List(Vec<T>),
}

impl<T> OrAuto<T> {
    /// The values of [`OrAuto::List`] from anything iterable.
    pub fn list<I: IntoIterator<Item = impl Into<T>>>(items: I) -> Self {
        OrAuto::List(items.into_iter().map(Into::into).collect())
    }
}

impl<'a> Form<'a> {
    /// Starts a form in `out` with the key, which is always the first
    /// parameter. Hand it to [`Request::encode`](crate::Request::encode), then
    /// [`finish`](Self::finish) it.
    #[inline]
    pub fn new(out: &'a mut String, key: &ApiKey) -> Form<'a> {
        out.push_str("apikey=");
        key.write_form(out);
        Form {
            out,
            prefix: String::new(),
            problem: None,
        }
    }

    /// Writes a required scalar parameter.
    pub fn required<V: FormValue + ?Sized>(&mut self, name: &'static str, value: &V) {
        self.pair(Some(name), None, value);
    }

    /// Writes an optional scalar parameter, or nothing when it is `None`.
    pub fn optional<V: FormValue + ?Sized>(&mut self, name: &'static str, value: Option<&V>) {
        if let Some(value) = value {
            self.pair(Some(name), None, value);
        }
    }

    /// Writes a list of scalars, one pair per value.
    pub fn list<V: FormValue>(
        &mut self,
        name: &'static str,
        encoding: ListEncoding,
        required: bool,
        values: &[V],
    ) {
        if required && values.is_empty() {
            self.fail(Some(name), Reason::NoValues);
        }
        for (index, value) in values.iter().enumerate() {
            self.pair(Some(name), Some(suffix(encoding, index)), value);
        }
    }

    /// Writes a list that may be the literal `auto` instead of values.
    pub fn or_auto<V: FormValue>(
        &mut self,
        name: &'static str,
        encoding: ListEncoding,
        required: bool,
        value: Option<&OrAuto<V>>,
    ) {
        match value {
            None if required => self.fail(Some(name), Reason::Missing),
            None => {}
            Some(OrAuto::Auto) => self.pair(Some(name), Some(suffix(encoding, 0)), AUTO),
            Some(OrAuto::List(values)) => self.list(name, encoding, required, values),
        }
    }

    /// Writes a group (`name[member]=…`, members in their order).
    pub fn group<F: Field + ?Sized>(&mut self, name: &'static str, value: &F) {
        let mark = self.enter(name);
        value.write_field(self);
        self.leave(mark);
    }

    /// Writes an optional group, or nothing when it is `None`.
    pub fn optional_group<F: Field>(&mut self, name: &'static str, value: Option<&F>) {
        if let Some(value) = value {
            self.group(name, value);
        }
    }

    /// Writes a list of groups: `name[0][member]=…` (or `name[][member]=…`),
    /// element by element, each element's members in their order.
    pub fn group_list<F: Field>(
        &mut self,
        name: &'static str,
        encoding: ListEncoding,
        required: bool,
        values: &[F],
    ) {
        if required && values.is_empty() {
            self.fail(Some(name), Reason::NoValues);
        }
        if values.is_empty() {
            return;
        }
        let mark = self.enter(name);
        for (index, value) in values.iter().enumerate() {
            let element = self.prefix.len();
            push_suffix(&mut self.prefix, suffix(encoding, index));
            self.entry(value);
            self.leave(element);
        }
        self.leave(mark);
    }

    /// Writes an element of a list of groups or an entry of a map: refused
    /// when it writes nothing, which would leave a gap in the list or a key
    /// without a value.
    fn entry<F: Field + ?Sized>(&mut self, value: &F) {
        let before = self.out.len();
        value.write_field(self);
        if self.out.len() == before {
            self.fail(None, Reason::EmptyEntry);
        }
    }

    /// Writes a map whose keys are the caller's data: `name[<key>]=…`, in
    /// the order given. A value may be a scalar or a group.
    pub fn map<F: Field>(&mut self, name: &'static str, required: bool, entries: &[(String, F)]) {
        self.map_with(name, required, entries, |form, value| form.entry(value));
    }

    /// Writes a map of lists: `name[<key>][0]=…`.
    pub fn map_list<F: Field>(
        &mut self,
        name: &'static str,
        encoding: ListEncoding,
        required: bool,
        entries: &[(String, Vec<F>)],
    ) {
        self.map_with(name, required, entries, |form, values| {
            if values.is_empty() {
                form.fail(None, Reason::KeyWithoutValues);
            }
            for (index, value) in values.iter().enumerate() {
                let element = form.prefix.len();
                push_suffix(&mut form.prefix, suffix(encoding, index));
                form.entry(value);
                form.leave(element);
            }
        });
    }

    fn map_with<T>(
        &mut self,
        name: &'static str,
        required: bool,
        entries: &[(String, T)],
        mut write: impl FnMut(&mut Self, &T),
    ) {
        if required && entries.is_empty() {
            self.fail(Some(name), Reason::NoValues);
        }
        if entries.is_empty() {
            return;
        }
        let mark = self.enter(name);
        for (key, value) in entries {
            if key.is_empty() || key.contains(['[', ']']) {
                self.fail(None, Reason::BadKey);
                continue;
            }
            let entry = self.prefix.len();
            self.prefix.push_str("%5B");
            encode_into(&mut self.prefix, key);
            self.prefix.push_str("%5D");
            write(self, value);
            self.leave(entry);
        }
        self.leave(mark);
    }

    /// Writes a scalar at the current name; what [`Field`] does for scalars.
    pub fn value<V: FormValue + ?Sized>(&mut self, value: &V) {
        self.pair(None, None, value);
    }

    /// Writes a field whose whole wire name is given (`filters[sort_by]`),
    /// for forms made at run time from an [`Endpoint`](crate::Endpoint)'s
    /// metadata; the request types are the checked way.
    pub fn named(&mut self, name: &str, value: &str) {
        self.out.push('&');
        encode_into(self.out, name);
        self.out.push('=');
        if let Err(reason) = value.write(self.out) {
            self.fail(Some(name), reason);
        }
    }

    /// Enters a name: the prefix becomes `prefix[name]` (or `name` at the top).
    fn enter(&mut self, name: &str) -> usize {
        let mark = self.prefix.len();
        if mark == 0 {
            encode_into(&mut self.prefix, name);
        } else {
            self.prefix.push_str("%5B");
            encode_into(&mut self.prefix, name);
            self.prefix.push_str("%5D");
        }
        mark
    }

    fn leave(&mut self, mark: usize) {
        self.prefix.truncate(mark);
    }

    fn pair<V: FormValue + ?Sized>(
        &mut self,
        name: Option<&'static str>,
        suffix: Option<Suffix>,
        value: &V,
    ) {
        self.out.push('&');
        self.out.push_str(&self.prefix);
        if let Some(name) = name {
            if self.prefix.is_empty() {
                encode_into(self.out, name);
            } else {
                self.out.push_str("%5B");
                encode_into(self.out, name);
                self.out.push_str("%5D");
            }
        }
        if let Some(suffix) = suffix {
            push_suffix(self.out, suffix);
        }
        self.out.push('=');
        if let Err(reason) = value.write(self.out) {
            self.fail(name, reason);
        }
    }

    #[cold]
    fn fail(&mut self, name: Option<&str>, reason: Reason) {
        if self.problem.is_some() {
            return;
        }
        let mut param = self.prefix.replace("%5B", "[").replace("%5D", "]");
        if let Some(name) = name {
            if param.is_empty() {
                param.push_str(name);
            } else {
                param.push('[');
                param.push_str(name);
                param.push(']');
            }
        }
        self.problem = Some(InvalidValue::new(param, reason));
    }

    /// Ends the form: the first value that could not be sent, if any (the
    /// form then holds what was written before it).
    ///
    /// # Errors
    ///
    /// [`InvalidValue`] naming the parameter and the reason.
    #[inline]
    pub fn finish(self) -> Result<(), InvalidValue> {
        match self.problem {
            None => Ok(()),
            Some(problem) => Err(problem),
        }
    }
}

#[derive(Clone, Copy)]
enum Suffix {
    Index(usize),
    Brackets,
}

#[inline]
fn suffix(encoding: ListEncoding, index: usize) -> Suffix {
    match encoding {
        ListEncoding::Indexed => Suffix::Index(index),
        ListEncoding::Brackets => Suffix::Brackets,
    }
}

#[inline]
fn push_suffix(out: &mut String, suffix: Suffix) {
    match suffix {
        Suffix::Brackets => out.push_str("%5B%5D"),
        Suffix::Index(i) => {
            out.push_str("%5B");
            out.push_str(itoa::Buffer::new().format(i));
            out.push_str("%5D");
        }
    }
}

/// The bytes a form sends as they are: `A`–`Z`, `a`–`z`, `0`–`9` and
/// `*-._` (what `application/x-www-form-urlencoded` leaves alone).
static UNRESERVED: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] =
            matches!(b as u8, b'*' | b'-' | b'.' | b'_' | b'0'..=b'9' | b'A'..=b'Z' | b'a'..=b'z');
        b += 1;
    }
    table
};

const HEX: &[u8; 16] = b"0123456789ABCDEF";

/// Whether a form sends the byte as it is.
#[inline]
pub(crate) fn unreserved(byte: u8) -> bool {
    UNRESERVED[usize::from(byte)]
}

/// Percent-encodes `text` the way HTML forms do (space as `+`, every other
/// byte but the unreserved ones as `%XX`): runs of unreserved bytes are
/// copied whole, which is most of what a request sends.
#[inline]
pub(crate) fn encode_into(out: &mut String, text: &str) {
    let bytes = text.as_bytes();
    let mut run = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if unreserved(b) {
            continue;
        }
        // The run holds ASCII only, so both ends are character boundaries.
        if i > run {
            out.push_str(&text[run..i]);
        }
        if b == b' ' {
            out.push('+');
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 0x0f)]));
        }
        run = i + 1;
    }
    if run == 0 {
        out.push_str(text);
    } else if run < bytes.len() {
        out.push_str(&text[run..]);
    }
}

/// A scalar value that can be a parameter: text, integers, booleans and the
/// closed sets of values ([`Choice`]); sealed.
pub trait FormValue: sealed::Sealed {
    /// Appends the encoded value, or says why it cannot be sent.
    ///
    /// # Errors
    ///
    /// A value the API would not take (an empty text).
    fn write(&self, out: &mut String) -> Result<(), Reason>;
}

/// Something written at a name: a scalar (`name=value`) or a group of
/// members (`name[member]=…`). The generated group types implement it.
pub trait Field {
    /// Writes the value at the form's current name.
    fn write_field(&self, form: &mut Form<'_>);
}

impl<T: FormValue + ?Sized> Field for T {
    fn write_field(&self, form: &mut Form<'_>) {
        form.value(self);
    }
}

/// A closed set of values, such as `ASC` or `DESC`: the generated enums
/// implement it, and are sent as their text.
pub trait Choice: Copy + Sized + 'static {
    /// Every value, in the documented order.
    const ALL: &'static [Self];
    /// The value as the API writes it.
    fn as_str(self) -> &'static str;
}

/// A text that is none of a [`Choice`]'s values.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ChoiceError {
    /// The text given.
    pub value: String,
    /// The values the type takes.
    pub allowed: Vec<&'static str>,
}

impl std::fmt::Display for ChoiceError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{:?} is not one of {}",
            self.value,
            self.allowed.join(", ")
        )
    }
}

impl std::error::Error for ChoiceError {}

/// Parses the text of one of `T`'s values (exactly as the API writes it, or
/// in any letter case).
///
/// # Errors
///
/// [`ChoiceError`] naming the allowed values.
pub fn parse_choice<T: Choice>(text: &str) -> Result<T, ChoiceError> {
    T::ALL
        .iter()
        .copied()
        .find(|v| v.as_str() == text)
        .or_else(|| {
            T::ALL
                .iter()
                .copied()
                .find(|v| v.as_str().eq_ignore_ascii_case(text))
        })
        .ok_or_else(|| ChoiceError {
            value: text.to_owned(),
            allowed: T::ALL.iter().map(|v| v.as_str()).collect(),
        })
}

mod sealed {
    pub trait Sealed {}
    impl Sealed for str {}
    impl Sealed for String {}
    impl Sealed for i64 {}
    impl Sealed for bool {}
    impl<T: super::Choice> Sealed for T {}
}

impl FormValue for str {
    #[inline]
    fn write(&self, out: &mut String) -> Result<(), Reason> {
        if self.is_empty() {
            return Err(Reason::Empty);
        }
        encode_into(out, self);
        Ok(())
    }
}

impl FormValue for String {
    #[inline]
    fn write(&self, out: &mut String) -> Result<(), Reason> {
        self.as_str().write(out)
    }
}

impl FormValue for i64 {
    #[inline]
    fn write(&self, out: &mut String) -> Result<(), Reason> {
        out.push_str(itoa::Buffer::new().format(*self));
        Ok(())
    }
}

impl FormValue for bool {
    #[inline]
    fn write(&self, out: &mut String) -> Result<(), Reason> {
        out.push(if *self { '1' } else { '0' });
        Ok(())
    }
}

impl<T: Choice> FormValue for T {
    fn write(&self, out: &mut String) -> Result<(), Reason> {
        encode_into(out, self.as_str());
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::encode_into;

    /// The encoding HTML forms use, as the `form_urlencoded` crate writes it.
    fn reference(text: &str) -> String {
        form_urlencoded::byte_serialize(text.as_bytes()).collect()
    }

    #[test]
    fn percent_encoding_is_the_forms_encoding_for_every_character() {
        let mut texts: Vec<String> = (0u32..0x250)
            .filter_map(char::from_u32)
            .map(|c| format!("{c}"))
            .collect();
        texts.extend(
            [
                "",
                "example.nz",
                "ch-servername",
                "a b&c=d[0]",
                "ümlaut ✓ 名前",
                "trailing space ",
                " leading",
                "%5B",
                "x\u{10FFFF}y",
                "0123456789abcdef0123456789abcdef",
            ]
            .map(str::to_owned),
        );
        let all: String = texts.concat();
        texts.push(all);
        for text in &texts {
            let mut out = String::from("prefix=");
            encode_into(&mut out, text);
            assert_eq!(out, format!("prefix={}", reference(text)), "{text:?}");
        }
    }
}
