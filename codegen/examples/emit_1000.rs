//! Emits a synthetic spec (1,000 endpoints unless told) on one thread, three
//! times, for profiling: `perf record cargo run --release -p sitehost-codegen --example emit_1000`.
fn main() {
    let n = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(1000);
    let spec = sitehost_codegen::parse(
        std::path::Path::new("synth"),
        &sitehost_codegen::synth::spec(n),
    )
    .unwrap();
    for _ in 0..3 {
        let out = sitehost_codegen::emit::emit_with_threads(&spec, 1).unwrap();
        std::hint::black_box(out);
    }
}
