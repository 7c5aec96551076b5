//! Writes `$OUT_DIR/typed.rs` for the codec's property test: for every
//! endpoint of the spec the `sitehost` crate was built from
//! (`DEP_SITEHOST_SPEC_DIR`), a function that builds the endpoint's request
//! type from a value of the codec (`sitehost::wire`) with its constructor and
//! setters, and previews it. The test then checks that the typed request and
//! the codec send the same fields, for values drawn at random from each
//! endpoint's parameter tree.

use sitehost_codegen::model::{Param, Spec, ValueType};
use std::fmt::Write;
use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let Some(spec_dir) = std::env::var_os("DEP_SITEHOST_SPEC_DIR").map(PathBuf::from) else {
        eprintln!("error: DEP_SITEHOST_SPEC_DIR is not set: the sitehost crate names its spec");
        return ExitCode::FAILURE;
    };
    sitehost_codegen::build::watch_spec(&spec_dir);
    let spec = match sitehost_codegen::check(&spec_dir) {
        Ok(spec) => spec,
        Err(diagnostics) => {
            return sitehost_codegen::build::report(&diagnostics, "Fix the spec.");
        }
    };
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    match std::fs::write(out.join("typed.rs"), typed(&spec)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: cannot write typed.rs: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The builder functions, and one that picks one by path.
fn typed(spec: &Spec) -> String {
    let mut out = String::from(
        "/// What the typed request of the endpoint at `path`, built from `v`,\n\
         /// would send; `None` for a path the spec does not have.\n\
         pub fn typed_fields(client: &sitehost::Client, path: &str, v: &Map) -> \
         Option<Result<Vec<(String, String)>, sitehost::Error>> {\n    match path {\n",
    );
    for e in &spec.endpoints {
        let _ = writeln!(
            out,
            "        {:?} => Some(client.preview(&{}(v)).map(|p| p.fields)),",
            e.path, e.method_name
        );
    }
    out.push_str("        _ => None,\n    }\n}\n");
    out.push_str(
        "\n/// Sends the typed request of the endpoint at `path`, built from `v`,\n\
         /// and returns its output as `Debug` shows it.\n\
         pub async fn typed_send(client: &sitehost::Client, path: &str, v: &Map) -> \
         Option<Result<String, sitehost::Error>> {\n    match path {\n",
    );
    for e in &spec.endpoints {
        let _ = writeln!(
            out,
            "        {:?} => Some(client.send(&{}(v)).await.map(|o| format!(\"{{o:?}}\"))),",
            e.path, e.method_name
        );
    }
    out.push_str("        _ => None,\n    }\n}\n");
    out.push_str(
        "\n/// Decodes `text` as the `return` of the endpoint at `path`, into its\n\
         /// request type's output, as the client decodes it.\n\
         pub fn typed_decode(path: &str, text: &str) -> Option<Result<String, String>> {\n    \
         match path {\n",
    );
    for e in &spec.endpoints {
        let ty = format!("sitehost::api::{}::{}", e.module.join("::"), e.type_name);
        let _ = writeln!(out, "        {:?} => Some(decode::<{ty}>(text)),", e.path);
    }
    out.push_str("        _ => None,\n    }\n}\n");
    out.push_str(
        "\nfn decode<R: sitehost::Request>(text: &str) -> Result<String, String>\nwhere\n    R::Output: std::fmt::Debug,\n{\n    \
         let mut deserializer = serde_json::Deserializer::from_str(text);\n    \
         <R::Output as sitehost::loose::Decode>::decode(&mut deserializer)\n        \
         .map(|o| format!(\"{o:?}\"))\n        .map_err(|e| e.to_string())\n}\n",
    );
    for e in &spec.endpoints {
        let module = e.module.join("::");
        let ty = format!("sitehost::api::{module}::{}", e.type_name);
        let _ = writeln!(out, "\nfn {}(v: &Map) -> {ty} {{", e.method_name);
        out.push_str(&build(&ty, &e.params, &module, "v"));
        out.push_str("}\n");
    }
    out
}

/// A block building `ty` from the object `from` with `new` (the required
/// parameters) and the setters of the optional ones that `from` holds.
fn build(ty: &str, params: &[Param], module: &str, from: &str) -> String {
    let args: Vec<String> = params
        .iter()
        .filter(|p| p.required)
        .map(|p| convert(p, module, &format!("field({from}, {:?})", p.name)))
        .collect();
    let mut out = format!("    let mut built = {ty}::new({});\n", args.join(", "));
    for p in params.iter().filter(|p| !p.required) {
        let _ = writeln!(
            out,
            "    if let Some(x) = {from}.get({:?}) {{ built = built.{}({}); }}",
            p.name,
            ident(&p.field),
            convert(p, module, "x")
        );
    }
    out.push_str("    built\n");
    out
}

/// An expression converting the codec value `value` (a `&Value`) to what
/// the parameter's constructor argument or setter takes.
fn convert(p: &Param, module: &str, value: &str) -> String {
    let one = |v: &str| match &p.ty {
        ValueType::String => format!("text({v})"),
        ValueType::Integer => format!("int({v})"),
        ValueType::Boolean => format!("boolean({v})"),
        ValueType::JobType => format!("job_type({v})"),
        ValueType::Enum(name) => format!("choice::<sitehost::enums::{name}>({v})"),
        ValueType::Group(group) => format!(
            "{{ let g = object({v}); {{\n{}}} }}",
            build(
                &format!("sitehost::api::{module}::{}", group.type_name),
                &group.members,
                module,
                "g"
            )
        ),
    };
    let list = |v: &str| match p.list {
        Some(_) if p.or_auto => format!("or_auto({v}, |x| {})", one("x")),
        Some(_) => format!("list({v}, |x| {})", one("x")),
        None => one(v),
    };
    match p.map {
        Some(_) => format!("entries({value}, |x| {})", list("x")),
        None => list(value),
    }
}

fn ident(name: &str) -> String {
    const KEYWORDS: &[&str] = &[
        "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum",
        "extern", "false", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod",
        "move", "mut", "pub", "ref", "return", "static", "struct", "trait", "true", "type",
        "unsafe", "use", "where", "while",
    ];
    if KEYWORDS.contains(&name) {
        format!("r#{name}")
    } else {
        name.to_owned()
    }
}
