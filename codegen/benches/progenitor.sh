#!/usr/bin/env bash
# Code generation of 1,000 endpoints side by side with progenitor 0.15.1, in
# one process, interleaved: sitehost-codegen on the synthetic spec
# (sitehost_codegen::synth, compound parameters included), and progenitor on a
# comparable synthetic OpenAPI document (1,000 operations: 3 to 8 parameters
# of every scalar type, a JSON body on two thirds, an object response schema
# on every one), each through to formatted source (prettyplease).
# Run: bash codegen/benches/progenitor.sh   (needs crates.io for progenitor)
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
work=target/progenitor-bench
mkdir -p "$work/src"
cat > "$work/Cargo.toml" <<EOF
[package]
name = "progenitor-side-by-side"
version = "0.0.0"
edition = "2021"
publish = false

[dependencies]
progenitor = "=0.15.1"
openapiv3 = "2"
serde_json = "1"
syn2 = { package = "syn", version = "2", features = ["full"] }
prettyplease2 = { package = "prettyplease", version = "0.2" }
sitehost-codegen = { path = "$root/codegen" }

[workspace]

[profile.release]
debug = false
EOF
cat > "$work/src/main.rs" <<'EOF'
use serde_json::{json, Map, Value};
use std::path::Path;
use std::time::{Duration, Instant};

/// A deterministic OpenAPI document of `n` operations.
fn openapi(n: usize) -> Value {
    let mut seed: u64 = 0x5173_4057_2008_0001;
    let mut next = move |k: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % k as u64) as usize
    };
    let words = ["client_id", "server", "name", "domain", "label", "size", "enabled", "ttl"];
    let mut paths = Map::new();
    let mut schemas = Map::new();
    for i in 0..n {
        let post = next(3) > 0;
        let mut params = Vec::new();
        for p in 0..3 + next(6) {
            let ty = ["string", "integer", "boolean"][next(3)];
            params.push(json!({
                "name": format!("{}_{p}", words[next(words.len())]),
                "in": "query",
                "required": p == 0 || next(2) == 0,
                "description": "A parameter of the operation; see the API documentation for the values it takes.",
                "schema": {"type": ty}
            }));
        }
        let schema = format!("Synth{i}");
        schemas.insert(schema.clone(), json!({
            "type": "object",
            "description": "A synthetic object.",
            "required": ["id", "name"],
            "properties": {
                "id": {"type": "integer", "format": "int64"},
                "name": {"type": "string"},
                "enabled": {"type": "boolean"},
                "size": {"type": "number"},
                "tags": {"type": "array", "items": {"type": "string"}}
            }
        }));
        let mut op = json!({
            "operationId": format!("op_{i}"),
            "summary": format!("Does operation {i}."),
            "parameters": params,
            "responses": {"200": {"description": "OK", "content": {"application/json": {
                "schema": {"$ref": format!("#/components/schemas/{schema}")}}}}}
        });
        if post && next(2) == 0 {
            op["requestBody"] = json!({"required": true, "content": {"application/json": {"schema": {
                "type": "object", "properties": {"label": {"type": "string"}, "count": {"type": "integer"}}}}}});
        }
        let method = if post { "post" } else { "get" };
        paths.insert(format!("/area{}/thing{}/op{i}", i % 8, next(16)), json!({ method: op }));
    }
    json!({
        "openapi": "3.0.3",
        "info": {"title": "synthetic", "version": "1.0"},
        "paths": paths,
        "components": {"schemas": schemas}
    })
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn main() {
    let doc: openapiv3::OpenAPI = serde_json::from_value(openapi(1000)).expect("valid OpenAPI");
    let sources = sitehost_codegen::synth::spec(1000);
    let (mut ours, mut theirs) = (Vec::new(), Vec::new());
    let (mut our_lines, mut their_lines) = (0, 0);
    for round in 0..15 {
        let run_ours = || {
            let start = Instant::now();
            let spec = sitehost_codegen::parse(Path::new("synth"), &sources).expect("valid");
            let output = sitehost_codegen::emit::emit(&spec).expect("emits");
            (start.elapsed(), output.files.values().map(|t| t.lines().count()).sum::<usize>())
        };
        let run_theirs = || {
            let start = Instant::now();
            let mut generator = progenitor::Generator::default();
            let tokens = generator.generate_tokens(&doc).expect("generates");
            let file: syn2::File = syn2::parse2(tokens).expect("parses");
            let text = prettyplease2::unparse(&file);
            (start.elapsed(), text.lines().count())
        };
        let ((a, la), (b, lb)) = if round % 2 == 0 {
            let a = run_ours();
            (a, run_theirs())
        } else {
            let b = run_theirs();
            (run_ours(), b)
        };
        ours.push(a);
        theirs.push(b);
        our_lines = la;
        their_lines = lb;
    }
    let (o, t) = (median(ours), median(theirs));
    println!("1,000 endpoints to formatted source, median of 15 interleaved runs:");
    println!("  sitehost-codegen   {:7.1} ms  ({our_lines} lines)", o.as_secs_f64() * 1e3);
    println!("  progenitor 0.15.1  {:7.1} ms  ({their_lines} lines)", t.as_secs_f64() * 1e3);
    println!("  ratio sitehost / progenitor  {:.2}", o.as_secs_f64() / t.as_secs_f64());
}
EOF
cargo run -q --release --manifest-path "$work/Cargo.toml"
