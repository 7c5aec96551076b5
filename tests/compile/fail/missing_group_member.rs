use sitehost::api::srs::{CreateContactParams, CreateContactParamsPhone};

fn main() {
    // The phone group's `Local` member is required: leaving it out does not compile.
    let phone = CreateContactParamsPhone::new("64", "9");
    let _ = CreateContactParams::new("612", phone);
}
