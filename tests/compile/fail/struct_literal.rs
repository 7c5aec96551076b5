use sitehost::api::cloud::stack::ssl::lets_encrypt::Renew;

fn main() {
    // Requests are built with new(), so that parameters can be added later.
    let _ = Renew {
        client_id: 1,
        server: "ch-servername".to_owned(),
        name: "examplenz".to_owned(),
        containers: Vec::new(),
    };
}
