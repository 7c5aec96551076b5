use sitehost::api::job::Get;

fn main() {
    // /job/get has no `containers` parameter.
    let _ = Get::new(1, "scheduler").containers(["example.nz"]);
}
