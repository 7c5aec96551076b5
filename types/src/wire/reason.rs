//! Why a value cannot be sent, or a request is not one the API takes: one
//! wording of each, which every front end and the fake API use.

use crate::endpoint::ListEncoding;
use std::fmt;

/// Why a parameter's value cannot be sent (or, read back from the wire, is
/// not what the API takes). Its `Display` completes "parameter `x` …".
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Reason {
    /// A required parameter (or member of a group that is sent) is missing.
    Missing,
    /// A required list or map has no values.
    NoValues,
    /// A map of lists has a key with no values.
    KeyWithoutValues,
    /// An empty text.
    Empty,
    /// An element of a list of groups, or an entry of a map of them, with
    /// no member to send.
    EmptyEntry,
    /// Not an integer written in digits.
    NotInteger,
    /// Not a boolean.
    NotBoolean,
    /// Not one of the closed set of values.
    NotOneOf(&'static [&'static str]),
    /// Not text.
    NotText,
    /// Not a list (or, where the list may be `auto`, not the text `auto`).
    NotList {
        /// The list may instead be `auto`.
        or_auto: bool,
    },
    /// Not an object of the group's members.
    NotGroup,
    /// Not an object keyed by the map's entries.
    NotMap,
    /// A map key that is empty or holds `[` or `]`.
    BadKey,
    /// More than one value for a parameter that takes one.
    TooMany,
    /// Not a parameter of the endpoint (or a member of the group); the ones
    /// it has.
    Unknown(Vec<&'static str>),
    /// On the wire: sent after a parameter it must come before.
    OutOfOrder(String),
    /// On the wire: a list (of this name) not sent in its encoding, or not
    /// in order.
    ListForm(&'static str, ListEncoding),
    /// On the wire: brackets that do not fit the parameter (a group sent
    /// without a member, a map without its key, a scalar with brackets).
    Malformed,
}

impl fmt::Display for Reason {
    #[inline]
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Reason::Missing => f.write_str("is required"),
            Reason::NoValues => f.write_str("is required and needs at least one value"),
            Reason::KeyWithoutValues => f.write_str("has a key with no values"),
            Reason::Empty => f.write_str(
                "is empty; leave an optional parameter unset instead of sending an empty value",
            ),
            Reason::EmptyEntry => {
                f.write_str("has an entry with no member to send; leave the entry out instead")
            }
            Reason::NotInteger => f.write_str(
                "must be an integer, written in digits (such as 1 or -1) without spaces or `+`",
            ),
            Reason::NotBoolean => f.write_str("must be true or false (or 1 or 0)"),
            Reason::NotOneOf(values) => write!(f, "must be one of {}", values.join(", ")),
            Reason::NotText => f.write_str("must be text"),
            Reason::NotList { or_auto: false } => f.write_str("must be a list"),
            Reason::NotList { or_auto: true } => f.write_str("must be a list or \"auto\""),
            Reason::NotGroup => f.write_str("must be an object of its members"),
            Reason::NotMap => f.write_str("must be an object keyed by its entries' names"),
            Reason::BadKey => f.write_str(
                "has a key that is empty or holds `[` or `]`, which the API would misread",
            ),
            Reason::TooMany => f.write_str("takes one value"),
            Reason::Unknown(known) if known.is_empty() => {
                f.write_str("is not a parameter here; there are none")
            }
            Reason::Unknown(known) => write!(
                f,
                "is not a parameter here; the parameters are {}",
                known.join(", ")
            ),
            Reason::OutOfOrder(before) => {
                write!(f, "is out of order: it must come before {before}")
            }
            Reason::ListForm(name, ListEncoding::Indexed) => write!(
                f,
                "is not in its list's form: send {name}[0], {name}[1], … in order"
            ),
            Reason::ListForm(name, ListEncoding::Brackets) => {
                write!(f, "is not in its list's form: send {name}[], {name}[], …")
            }
            Reason::Malformed => f.write_str("has brackets that do not fit the parameter"),
        }
    }
}

/// A parameter value that cannot be sent, found before anything is sent; or
/// a field the API would refuse, found by [`decode`](super::decode).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct InvalidValue {
    /// The parameter, as it is named on the wire (`containers[0]`).
    pub param: String,
    /// Why it cannot be sent.
    pub reason: Reason,
}

impl InvalidValue {
    /// The problem `reason` of the parameter named `param` on the wire.
    #[inline]
    pub fn new(param: impl Into<String>, reason: Reason) -> InvalidValue {
        InvalidValue {
            param: param.into(),
            reason,
        }
    }
}

impl fmt::Display for InvalidValue {
    #[inline]
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "parameter `{}` {}", self.param, self.reason)
    }
}

impl std::error::Error for InvalidValue {}
