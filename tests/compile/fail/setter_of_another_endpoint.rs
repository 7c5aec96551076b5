use sitehost::api::job::Get;

fn main() {
    // /job/get has no `containers` parameter.
    let _ = Get::new(sitehost::JobType::Scheduler, 1).containers(["example.nz"]);
}
