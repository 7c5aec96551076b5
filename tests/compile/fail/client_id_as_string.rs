use sitehost::api::cloud::stack::ssl::lets_encrypt::Renew;

fn main() {
    // client_id is an integer.
    let _ = Renew::new("1", "ch-servername", "examplenz");
}
