use sitehost::api::server::ChangeState;
use sitehost::enums::ServerStateChange;

fn main() {
    // `state` takes one of the documented values, not any text.
    let _ = ChangeState::new(1, "servername", "explode");
    let _ = ChangeState::new(1, "servername", ServerStateChange::Explode);
}
