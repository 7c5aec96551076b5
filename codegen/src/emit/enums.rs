//! `enums.rs`: the closed sets of values parameters take.

use super::Emitter;
use super::areas::Gate;
use super::code::Code;
use super::layout::Expr;
use super::rust::{Paths, prose, type_ident};
use crate::model::Enum;

/// The file of these enums.
pub fn file(emitter: &Emitter<'_>, enums: &[&Enum], paths: &Paths) -> Code {
    let mut code = Code::new();
    for e in enums {
        let gate = emitter.areas.enumeration(&e.name);
        enum_type(&mut code, e, gate.as_ref(), paths);
    }
    code
}

fn enum_type(code: &mut Code, e: &Enum, gate: Option<&Gate>, paths: &Paths) {
    let name = type_ident(&e.name).to_string();
    let variants: Vec<String> = e
        .values
        .iter()
        .map(|(_, v)| type_ident(v).to_string())
        .collect();
    code.blank();
    code.doc(&prose(&e.description));
    code.gate(gate);
    code.line("#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]");
    code.line("#[non_exhaustive]");
    code.open(&format!("pub enum {name}"));
    for ((value, _), variant) in e.values.iter().zip(&variants) {
        code.doc(&format!("`{value}`"));
        code.line(&format!("{variant},"));
    }
    code.close("");

    code.blank();
    code.cfg(gate);
    code.open(&format!("impl {name}"));
    code.doc("Every value, in the documented order.");
    code.assign(
        "pub const ALL: &'static [Self] =",
        &Expr::Array(
            variants
                .iter()
                .map(|v| Expr::text(format!("Self::{v}")))
                .collect(),
        )
        .by_ref(),
    );
    code.doc("Every value as the API writes it.");
    code.assign(
        "pub const VALUES: &'static [&'static str] =",
        &Expr::Array(
            e.values
                .iter()
                .map(|(value, _)| Expr::text(format!("{value:?}")))
                .collect(),
        )
        .by_ref(),
    );
    code.blank();
    code.doc("The value as the API writes it.");
    code.open("pub const fn as_str(self) -> &'static str");
    code.open("match self");
    for ((value, _), variant) in e.values.iter().zip(&variants) {
        code.line(&format!("Self::{variant} => {value:?},"));
    }
    code.close("");
    code.close("");
    code.close("");

    code.blank();
    code.cfg(gate);
    code.open(&format!("impl {} for {name}", paths.rt("Choice")));
    code.line("const ALL: &'static [Self] = Self::ALL;");
    code.blank();
    code.open("fn as_str(self) -> &'static str");
    code.line("Self::as_str(self)");
    code.close("");
    code.close("");

    code.blank();
    code.cfg(gate);
    code.open(&format!("impl ::std::fmt::Display for {name}"));
    code.open("fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result");
    code.line("f.write_str(self.as_str())");
    code.close("");
    code.close("");

    code.blank();
    code.cfg(gate);
    code.open(&format!("impl ::std::str::FromStr for {name}"));
    code.line(&format!("type Err = {};", paths.rt("ChoiceError")));
    code.blank();
    code.open("fn from_str(text: &str) -> Result<Self, Self::Err>");
    code.line(&format!("{}(text)", paths.rt("parse_choice")));
    code.close("");
    code.close("");
}
