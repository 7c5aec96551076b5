//! Request encoding: the ordered body of renew with 0, 1 and 10 containers.
//! `cargo bench -p sitehost --bench encode`
//!
//! Before timing, counts the heap allocations of one encode into a buffer
//! that is already large enough (expected: none) and into an empty one
//! (expected: only the buffer's own growth).

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use sitehost::api::cloud::stack::ssl::lets_encrypt::Renew;
use sitehost::{ApiKey, encode_form};
use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::sync::atomic::{AtomicUsize, Ordering};

struct Counting;

static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn request(containers: usize) -> Renew {
    Renew::new(1, "ch-servername", "examplenz")
        .containers((0..containers).map(|i| format!("container-{i}.example.nz")))
}

fn allocations(f: impl FnOnce()) -> usize {
    let before = ALLOCATIONS.load(Ordering::Relaxed);
    f();
    ALLOCATIONS.load(Ordering::Relaxed) - before
}

fn report_allocations(key: &ApiKey) {
    println!("allocations per encode (renew):");
    for n in [0, 1, 10] {
        let request = request(n);
        let mut reused = String::with_capacity(4096);
        let warm = allocations(|| encode_form(key, &request, &mut reused).unwrap());
        let mut fresh = String::new();
        let cold = allocations(|| encode_form(key, &request, &mut fresh).unwrap());
        println!(
            "  {n:>2} containers: {warm} into a buffer with room, {cold} into an empty String (its growth; body {} bytes)",
            fresh.len()
        );
    }
}

fn encoding(c: &mut Criterion) {
    let key = ApiKey::new("0123456789abcdef0123456789abcdef");
    report_allocations(&key);
    let mut group = c.benchmark_group("encode renew");
    for n in [0, 1, 10] {
        let request = request(n);
        let mut out = String::with_capacity(4096);
        group.bench_with_input(BenchmarkId::new("containers", n), &request, |b, request| {
            b.iter(|| {
                out.clear();
                encode_form(&key, black_box(request), &mut out).unwrap();
                black_box(out.len())
            })
        });
    }
    group.finish();
}

criterion_group!(benches, encoding);
criterion_main!(benches);
