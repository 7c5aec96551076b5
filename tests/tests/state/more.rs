//! Resources beyond DNS and stacks: volumes, images and DNS templates, applied and
//! planned again (nothing to do); what SiteHost's Terraform provider gets
//! wrong with a zone deleted elsewhere (a create here); and the resources
//! desired state still refuses, each with the fact it lacks.

use sitehost::fake::FakeApi;
use sitehost::state::{Action, DesiredState, Plan, PlanOptions};

fn state(text: &str) -> DesiredState {
    DesiredState::from_yaml(text).unwrap_or_else(|e| panic!("{e}"))
}

#[tokio::test]
async fn volumes_images_and_dns_templates_are_applied_and_then_nothing_is_left_to_do() {
    let fake = FakeApi::builder().empty().start().await.unwrap();
    let client = fake.client();
    let desired = state(
        "volume:\n  - {server_name: ch-servername, volume_name: data}\n\
         image:\n  - {code: myimage, label: My image}\n\
         dns_template:\n  - {template_name: standard}\n",
    );
    let first = Plan::compute(&client, &desired, &PlanOptions::default())
        .await
        .unwrap();
    assert_eq!(first.counts(), [3, 0, 0, 0], "{first}");
    let report = first.apply(&client, |_| {}).await.unwrap();
    assert!(report.is_complete(), "{report}");
    for resource in ["volume", "image", "dns_template"] {
        assert_eq!(fake.resource(resource).len(), 1, "{resource}");
    }
    let again = Plan::compute(&client, &desired, &PlanOptions::default())
        .await
        .unwrap();
    assert!(again.is_empty(), "{again}");
}

#[tokio::test]
async fn a_zone_deleted_elsewhere_is_planned_as_a_create() {
    let fake = FakeApi::builder().empty().start().await.unwrap();
    let client = fake.client();
    let desired = state(
        "dns_zone:\n  - {name: example.org}\ndns_record:\n  - {domain: example.org, type: A, name: example.org, content: 192.0.2.1}\n",
    );
    let made = Plan::compute(&client, &desired, &PlanOptions::default())
        .await
        .unwrap();
    assert!(made.apply(&client, |_| {}).await.unwrap().is_complete());
    client
        .send(&sitehost::api::dns::DeleteDomain::new(1, "example.org"))
        .await
        .unwrap();
    let plan = Plan::compute(&client, &desired, &PlanOptions::default())
        .await
        .unwrap();
    let actions: Vec<(&str, Action)> = plan
        .changes
        .iter()
        .map(|c| (c.resource, c.action))
        .collect();
    assert_eq!(
        actions,
        [("dns_zone", Action::Create), ("dns_record", Action::Create)],
        "{plan}"
    );
    assert!(plan.apply(&client, |_| {}).await.unwrap().is_complete());
}

#[test]
fn resources_still_refused_say_which_source_fact_they_lack() {
    for (resource, fact) in [
        ("mail_domain", "which server it is on"),
        ("mail_account", "numeric `type`"),
        ("srs_contact", "no source maps one to the other"),
        ("dns_template_record", "ID the API allocates"),
    ] {
        let why = sitehost::state::manages(resource).unwrap_err();
        assert!(why.contains(fact), "{resource}: {why}");
    }
    let managed = sitehost::state::managed();
    for resource in sitehost::resources::RESOURCES {
        assert!(
            managed.contains(&resource.name) || resource.unmanaged.is_some(),
            "{} is neither managed nor says why",
            resource.name
        );
    }
}
