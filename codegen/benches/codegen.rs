//! Code generation at scale: synthetic specs of 10, 100 and 1,000 endpoints,
//! timed stage by stage. Run with `cargo bench -p sitehost-codegen --bench codegen`.

use sitehost_codegen::{emit, parse, raw, synth};
use std::path::Path;
use std::time::{Duration, Instant};

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn ms(d: Duration) -> String {
    format!("{:.2}", d.as_secs_f64() * 1000.0)
}

fn main() {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(8));
    println!(
        "Synthetic specs (sitehost_codegen::synth), median of repeated runs; emit+format on 1 thread and on {threads}."
    );
    println!();
    println!(
        "| endpoints | spec lines | output lines | serde_yaml alone, 1 thread, ms | parse + validate ms | emit+format ms (1 thread) | emit+format ms ({threads} threads) | total ms | µs per endpoint |"
    );
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    let real = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec");
    let real = sitehost_codegen::read_sources(&real).expect("the spec reads");
    for n in [0usize, 10, 100, 1000] {
        // 0 stands for the real spec.
        let label = if n == 0 {
            "the real spec".to_owned()
        } else {
            format!("{n} synthetic")
        };
        let sources = if n == 0 { real.clone() } else { synth::spec(n) };
        let n = if n == 0 {
            parse(Path::new("spec"), &sources)
                .expect("valid spec")
                .endpoints
                .len()
                - 1
        } else {
            n
        };
        let lines: usize = sources.iter().map(|s| s.text.lines().count()).sum();
        let runs = if n >= 1000 { 15 } else { 41 };
        let (mut yaml, mut validate, mut single, mut parallel, mut total) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
        let mut output_lines = 0;
        for _ in 0..runs {
            let start = Instant::now();
            for s in &sources {
                let file: raw::File = serde_yaml::from_str(&s.text).expect("valid YAML");
                std::hint::black_box(file);
            }
            let yaml_time = start.elapsed();

            let start = Instant::now();
            let spec = parse(Path::new("synth"), &sources).expect("valid spec");
            let parse_time = start.elapsed();

            let start = Instant::now();
            let output = emit::emit_with_threads(&spec, 1).expect("emits");
            single.push(start.elapsed());
            std::hint::black_box(output);

            let start = Instant::now();
            let output = emit::emit_with_threads(&spec, threads).expect("emits");
            let emit_time = start.elapsed();
            output_lines = output.files.values().map(|t| t.lines().count()).sum();

            yaml.push(yaml_time);
            validate.push(parse_time);
            parallel.push(emit_time);
            total.push(parse_time + emit_time);
        }
        let total = median(total);
        println!(
            "| {label} ({}) | {lines} | {output_lines} | {} | {} | {} | {} | {} | {:.0} |",
            n + 1,
            ms(median(yaml)),
            ms(median(validate)),
            ms(median(single)),
            ms(median(parallel)),
            ms(total),
            total.as_secs_f64() * 1e6 / (n + 1) as f64
        );
    }
}
