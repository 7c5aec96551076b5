//! Responses decode into their typed shapes. Each value below is built from
//! the field list of its source, with the JSON types that source gives
//! (strings where the official SDK reads strings, numbers where it reads
//! ints, either where it reads a loose boolean), so a shape that the spec
//! types wrongly fails here. Fields a shape does not declare are kept.

use serde_json::{Value, json};
use sitehost::shapes::{
    ApiInfo, CloudDatabase, CloudDbUser, CloudImage, CloudServer, CloudSshUser, CloudStack,
    CloudStackPage, DnsRecord, DnsRecordId, DnsZone, DnsZoneCreated, DnsZoneName,
    EnvironmentVariable, FirewallGroup, IpAddress, JobStarted, SecurityGroup, SecurityGroupName,
    SecurityGroupSummary, Server, ServerProvisioned, SshKeyId, StackImage, StackName,
};
use sitehost::{JobReference, KeyedMap, Page};

fn decode<T: serde::de::DeserializeOwned>(value: Value) -> T {
    serde_json::from_value(value.clone()).unwrap_or_else(|e| panic!("{e}: {value}"))
}

fn grant() -> Value {
    json!({"db_name": "exampledb", "username": "dbuser", "host": "%", "mysql_host": "mysql8",
           "grants": ["select", "insert"], "pending": null, "is_missing": "0",
           "date_added": "2024-01-01 10:00:00", "date_updated": "2024-01-02 10:00:00"})
}

fn stack_json() -> Value {
    json!({"client_id": "1", "server_id": "31462", "server_name": "ch-mycloud",
           "server_label": "My cloud", "name": "test1nz", "label": "test1.nz",
           "docker_file": "services: {}", "ip_addr_server": "192.0.2.5",
           "date_added": "2024-01-01 10:00:00", "date_updated": "2024-01-02 10:00:00",
           "containers": [{"name": "test1.nz", "container_id": "abc123", "state": "running",
                           "size": "1.2G", "date_created": "2024-01-01 10:00:00",
                           "ssl_enabled": true, "is_missing": 0, "pending": null}],
           "server_owner": true, "pending": null, "is_missing": false})
}

#[test]
fn dns_records_and_zones() {
    let record: DnsRecord = decode(json!({
        "id": "1234567", "client_id": "1", "name": "www.example.nz", "domain": "example.nz",
        "type": "A", "content": "192.0.2.10", "ttl": "3600", "prio": "0",
        "change_date": "2024-01-01 10:00:00", "state": "active"
    }));
    assert_eq!(
        (record.id.as_str(), record.r#type.as_str()),
        ("1234567", "A")
    );
    assert_eq!(record.ttl.as_deref(), Some("3600"));
    // The official SDK sets `domain` and `client_id` itself: the API may not.
    let bare: DnsRecord =
        decode(json!({"id": "1", "name": "example.nz", "type": "MX", "content": "mx.example.nz"}));
    assert_eq!(bare.domain, None);

    let zone: DnsZone =
        decode(json!({"name": "example.nz", "client_id": "1", "template_id": "0", "pending": "0"}));
    assert_eq!(zone.name, "example.nz");
    let found: Vec<DnsZoneName> = decode(json!([{"name": "example.nz"}]));
    assert_eq!(found[0].name, "example.nz");
    let created: DnsZoneCreated = decode(json!({"is_migration": false}));
    assert_eq!(created.is_migration, Some(false));
    let added: DnsRecordId = decode(json!({"id": "1234568"}));
    assert_eq!(added.id.as_deref(), Some("1234568"));
    let added: DnsRecordId = decode(json!({}));
    assert_eq!(added.id, None);
}

#[test]
fn security_groups_and_the_firewall() {
    let rule = |dir: &str| {
        json!({"pos": 1, "dir": dir, "enabled": true, "action": "ACCEPT", "protocol": "tcp",
               "src_ip": "0.0.0.0/0", "src_ip_type": "any", "src_port": "",
               "dest_ip": "", "dest_ip_type": "", "dest_port": 443})
    };
    let group: SecurityGroup = decode(json!({
        "label": "Web", "name": "sgfc40e62092", "pending": "0", "is_missing": false,
        "date_added": "2024-01-01 10:00:00", "date_updated": "2024-01-01 10:00:00",
        "servers": [{"name": "servername", "label": "Server"}],
        "rules": {"in": [rule("in")], "out": [rule("out")]}
    }));
    let rules = group.rules.unwrap();
    assert_eq!(rules.r#in[0].dest_port, Some(443));
    assert_eq!(rules.out[0].dir.as_deref(), Some("out"));
    assert_eq!(group.servers[0].name, "servername");

    let page: Page<SecurityGroupSummary> = decode(json!({
        "total_items": 1, "current_items": 1, "current_page": 1, "total_pages": 1,
        "data": [{"name": "sgfc40e62092", "label": "Web", "version": 3,
                  "servers": ["servername"], "date_updated": "2024-01-01 10:00:00",
                  "pending": "0", "is_missing": false}]
    }));
    assert_eq!(page.data[0].version, Some(3));
    let named: SecurityGroupName = decode(json!({"name": "sgfc40e62092"}));
    assert_eq!(named.name.as_deref(), Some("sgfc40e62092"));
    let applied: Vec<FirewallGroup> =
        decode(json!([{"group": "sgfc40e62092", "pos": "1", "interface": "eth0", "is_ra": false}]));
    assert_eq!(applied[0].pos.as_deref(), Some("1"));
}

#[test]
fn databases_and_their_users() {
    let database: CloudDatabase = decode(json!({
        "id": "11", "db_name": "exampledb", "mysql_host": "mysql8", "size": 1024,
        "client_id": "1", "server_id": "31462", "pending": "0", "is_missing": "0",
        "date_added": "2024-01-01 10:00:00", "date_updated": "2024-01-01 10:00:00",
        "server_name": "ch-mycloud", "server_label": "My cloud", "server_ip": "192.0.2.5",
        "server_owner": true, "container": "examplenz", "grants": [grant()]
    }));
    assert_eq!(database.grants[0].grants, ["select", "insert"]);
    assert_eq!(database.size, Some(json!(1024)));

    let user: CloudDbUser = decode(json!({
        "username": "dbuser", "password": "", "mysql_host": "mysql8", "server_id": "31462",
        "client_id": "1", "pending": null, "is_missing": "0",
        "date_added": "2024-01-01 10:00:00", "date_updated": "2024-01-01 10:00:00",
        "server_name": "ch-mycloud", "server_label": "My cloud", "grants": [grant()]
    }));
    assert_eq!(user.grants.len(), 1);
    assert_eq!(user.server_name.as_deref(), Some("ch-mycloud"));
}

#[test]
fn stacks_servers_and_images() {
    let stack: CloudStack = decode(stack_json());
    assert_eq!(stack.containers[0].ssl_enabled, Some(true));
    assert_eq!(stack.date_added.as_deref(), Some("2024-01-01 10:00:00"));
    assert_eq!(stack.date_created, None);

    let page: CloudStackPage = decode(json!({
        "total_items": 1, "current_items": 1, "current_page": 1, "total_pages": 1,
        "data": [stack_json()]
    }));
    assert_eq!(page.data[0].name, "test1nz");

    let server: CloudServer = decode(json!({
        "id": "31462", "client_id": "1", "name": "ch-mycloud", "label": "My cloud",
        "state": "On", "primary_ip": "192.0.2.5", "ip_addr_proxy": "192.0.2.6",
        "product_id": "7", "owner": true, "images_used": ["nginx"], "images_remaining": 3,
        "containers_remaining": 10
    }));
    assert_eq!(server.images_remaining, Some(3));

    let name: StackName = decode(json!({"name": "cc567a321b123c"}));
    assert_eq!(name.name, "cc567a321b123c");
    let vars: Vec<EnvironmentVariable> =
        decode(json!([{"name": "VAR_NAME1", "content": "value1"}]));
    assert_eq!(vars[0].content.as_deref(), Some("value1"));

    let image: StackImage = decode(json!({
        "id": "1", "client_id": "0", "label": "Nginx", "code": "sitehost-nginx",
        "version": "1.2", "labels": {"nz.sitehost.image.type": "web"}, "changelog": "",
        "date_added": "2024-01-01 10:00:00", "date_updated": "2024-01-01 10:00:00",
        "is_public": "1", "is_missing": 0, "project_id": "4", "registry_id": "2",
        "forked_from": "", "pending": null, "client_name": "SiteHost", "image_type": "web",
        "registry_url": "registry.example", "version_count": 2, "container_count": 5,
        "build_status": "done",
        "versions": [{"id": "9", "client_id": "0", "image_id": "1", "version": "1.2",
                      "labels": "{}", "date_added": "", "date_updated": "",
                      "is_missing": "0", "force_config": "0", "build_id": "3",
                      "build_status": "done", "pending": null}]
    }));
    assert_eq!(image.is_public, Some(true));
    assert_eq!(image.versions[0].build_id.as_deref(), Some("3"));

    let custom: CloudImage = decode(json!({
        "id": "5", "client_id": "1", "label": "Mine", "code": "ch-mine", "version_count": 2,
        "build_status": "done"
    }));
    assert_eq!(custom.version_count, Some(2));
}

#[test]
fn a_server_with_the_official_sdks_fields() {
    let server: Server = decode(json!({
        "name": "servername", "label": "Server", "client_id": "1", "created": "2024-01-01",
        "type": "VPS", "ram": "2048", "disk": "40", "cores": 2, "state": "On",
        "maint_date": "0000-00-00 00:00:00",
        "ips": [{"id": "4", "server_id": "9", "ip_addr": "192.0.2.9", "addr_family": 4,
                 "primary": true, "prefix": "24"}],
        "interfaces": ["eth0"], "group_id": "0",
        "partitions": [{"name": "root", "device": "xvda1", "size": "40G"}],
        "backup_types": [], "available_kernels": [{"default": true, "kernel": "vmlinuz"}],
        "product_code": "XENPRO", "product_type": "LINVPS", "product_name": "Pro",
        "subscription": {"code": "XENPRO", "name": "Pro", "price": "29.00"},
        "location_name": "Auckland", "location_code": "AKL", "mirror": "",
        "last_job": {"state": "Completed", "created": "2024-01-01 10:00:00", "logs": []},
        "backups_enabled": true, "backups_product": null, "location_node": "NZ-AKL1"
    }));
    assert_eq!(server.ips[0].addr_family, Some(4));
    assert_eq!(server.subscription.unwrap().price.as_deref(), Some("29.00"));
    assert_eq!(server.last_job.unwrap().state, "Completed");
    assert_eq!(server.backups_enabled, Some(true));
}

#[test]
fn ssh_users_keys_and_the_account() {
    let user: CloudSshUser = decode(json!({
        "username": "sshuser", "server_id": "31462", "client_id": "1",
        "home_dir": "/container/application", "pending": null, "is_missing": false,
        "ssh_keys": [{"id": "3", "client_id": "1", "label": "laptop", "content": "ssh-ed25519 AAAA",
                      "date_added": "", "date_updated": "", "custom_image_access": "1"}],
        "date_added": "2024-01-01 10:00:00", "date_updated": "2024-01-01 10:00:00",
        "server_name": "ch-mycloud", "server_label": "My cloud", "server_owner": "1",
        "image": "sitehost-nginx", "containers": ["examplenz"], "volumes": [],
        "read_only_config": 0, "ip_addr": "192.0.2.5"
    }));
    assert!(!user.is_missing && user.server_owner);
    assert_eq!(user.ssh_keys[0].custom_image_access, Some(true));
    assert_eq!(user.read_only_config, Some(false));
    // The reference page's form: is_missing as the number 0.
    let page_form: CloudSshUser = decode(json!({
        "username": "u", "server_id": 1, "client_id": 1, "home_dir": "/", "ssh_keys": [],
        "is_missing": 0, "server_owner": true, "image": "i"
    }));
    assert!(!page_form.is_missing);

    let key: SshKeyId = decode(json!({"key_id": "77"}));
    assert_eq!(key.key_id, "77");
    let info: ApiInfo = decode(json!({
        "client_id": "1", "contact_id": "2", "modules": ["dns", "cloud"], "roles": ["admin"]
    }));
    assert_eq!(info.modules, ["dns", "cloud"]);
    let ips: KeyedMap<IpAddress> = decode(json!({
        "192.0.2.9": {"ip_addr": "192.0.2.9", "netmask": "255.255.255.0", "prefix": "24",
                      "reserved": "0", "rdns": "", "addr_family": "4",
                      "date_allocated": "2024-01-01"}
    }));
    assert_eq!(ips["192.0.2.9"].addr_family.as_deref(), Some("4"));
}

#[test]
fn jobs_decode_in_either_form() {
    let new_form: JobStarted = decode(json!({"job": {"id": 7319505, "type": "scheduler"}}));
    assert_eq!(
        (new_form.job_id(), new_form.job_type()),
        (7319505, Some("scheduler"))
    );
    let old_form: JobStarted = decode(json!({"job_id": "3433562"}));
    assert_eq!((old_form.job_id(), old_form.job_type()), (3433562, None));
    // Neither form: read as empty (what was sent kept), and the client's
    // `start` reports that the response names no job.
    let neither: JobStarted = decode(json!({"id": 1}));
    assert_eq!(neither.job_id(), 0);
    assert_eq!(neither.extra()["id"], 1);

    let provisioned: ServerProvisioned = decode(json!({
        "job": {"id": 12, "type": "daemon"}, "name": "ch-new", "password": "s3cret",
        "ips": ["192.0.2.20"], "server_id": "99"
    }));
    assert_eq!(provisioned.job_id(), 12);
    assert_eq!(provisioned.password.as_deref(), Some("s3cret"));
}

#[test]
fn fields_the_spec_does_not_declare_are_kept() {
    let record: DnsRecord = decode(json!({
        "id": "1", "name": "example.nz", "type": "A", "content": "192.0.2.1",
        "proxied": true, "comment": {"by": "terraform"}
    }));
    assert_eq!(record.extra().get("proxied"), Some(&json!(true)));
    assert_eq!(record.extra()["comment"]["by"], "terraform");
    assert!(!record.extra().contains_key("id"));
    // In nested shapes too.
    let mut value = stack_json();
    value["containers"][0]["restart_policy"] = json!("always");
    let stack: CloudStack = decode(value);
    assert_eq!(
        stack.containers[0].extra().get("restart_policy"),
        Some(&json!("always"))
    );
}
