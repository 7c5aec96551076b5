//! Resources beyond DNS and stacks: volumes, images and DNS templates, applied and
//! planned again (nothing to do); what SiteHost's Terraform provider gets
//! wrong with a zone deleted elsewhere (a create here); a template's records,
//! which name it by the ID the API gives it, named by the template's name;
//! and the resources desired state still refuses, each with the fact it
//! lacks.

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
async fn a_templates_records_name_it_by_its_name_in_the_file_that_makes_it() {
    let fake = FakeApi::builder().empty().start().await.unwrap();
    let client = fake.client();
    let text = "\
dns_template:
  - {template_name: office}
dns_template_record:
  - {template_id: {template_name: office}, type: A, name: www, content: 192.0.2.10, prio: 0}
  - {template_id: {template_name: office}, type: MX, name: '@', content: mx.example.org, prio: 10}
";
    let desired = state(text);
    let plan = Plan::compute(&client, &desired, &PlanOptions::default())
        .await
        .unwrap();
    assert_eq!(plan.counts(), [3, 0, 0, 0], "{plan}");
    assert!(
        plan.to_string().contains("{template_name: office}"),
        "{plan}"
    );
    let report = plan.apply(&client, |_| {}).await.unwrap();
    assert!(report.is_complete(), "{report}");
    let template = fake.resource("dns_template")[0].clone();
    let records = fake.resource("dns_template_record");
    assert_eq!(records.len(), 2, "{records:?}");
    assert!(
        records
            .iter()
            .all(|r| r["template_id"].to_string().trim_matches('"')
                == template["template_id"].to_string().trim_matches('"')),
        "{records:?} {template}"
    );
    let again = Plan::compute(&client, &desired, &PlanOptions::default())
        .await
        .unwrap();
    assert!(again.is_empty(), "{again}");

    // Export names the template by its name, and builds the same elsewhere.
    let options = sitehost::state::ExportOptions::default()
        .with_resources(vec!["dns_template".into(), "dns_template_record".into()]);
    let exported = sitehost::state::export(&client, &options).await.unwrap();
    let yaml = exported.to_yaml();
    assert!(
        yaml.contains(r#""template_id":{"template_name":"office"}"#),
        "{yaml}"
    );
    assert!(
        Plan::compute(&client, &exported, &PlanOptions::default())
            .await
            .unwrap()
            .is_empty()
    );
    let other = FakeApi::builder().empty().start().await.unwrap();
    let plan = Plan::compute(&other.client(), &exported, &PlanOptions::default())
        .await
        .unwrap();
    assert!(
        plan.apply(&other.client(), |_| {})
            .await
            .unwrap()
            .is_complete()
    );
    assert_eq!(other.resource("dns_template_record").len(), 2);
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
