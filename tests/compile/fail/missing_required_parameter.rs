use sitehost::api::cloud::stack::ssl::lets_encrypt::Renew;

fn main() {
    // `name` is required: it cannot be left out.
    let _ = Renew::new(1, "ch-servername");
}
