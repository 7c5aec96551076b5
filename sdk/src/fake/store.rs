//! What the fake API holds: the resources the spec declares, created, read,
//! listed, changed and deleted by the endpoints as their declarations say
//! ([`ResourceUse`]). Nothing here knows any one endpoint: every behaviour
//! comes from the declarations.

use super::fields::{page_fields, sent, sent_list, window};
use super::objects::{
    as_text, capital, fill, identify, items_of, key_of, not_found, now, order, project,
    project_into, same, text, typed,
};
use crate::{Endpoint, FieldKind, ParamPath, Resource, ResourceOp, ResourceUse};
use serde_json::{Map, Value};
use std::collections::{BTreeMap, HashMap};

type Object = Map<String, Value>;

/// A request's value, as the codec reads it back.
type Request = Map<String, Value>;

/// The objects of every resource, each kind in the order they were made.
#[derive(Debug, Default, Clone)]
pub(super) struct Store {
    tables: BTreeMap<&'static str, Table>,
    /// The last ID allocated per resource: IDs are never reused.
    allocated: HashMap<&'static str, i64>,
}

#[derive(Debug, Clone)]
struct Table {
    resource: &'static Resource,
    items: Vec<Object>,
}

/// A change a call makes: now, or when its job completes.
#[derive(Debug, Clone)]
pub(super) enum Change {
    Insert(&'static Resource, Object),
    Patch(&'static Resource, Object, Object),
    Remove(&'static Resource, Object),
}

/// What the store makes of a call.
#[derive(Debug)]
pub(super) enum Outcome {
    /// A read: the `return` to answer with.
    Read(Value),
    /// A change to make, and for a create the ID it allocated.
    Change(Change, Option<Value>),
    /// The API's refusal, with its `msg`.
    Refused(String),
}

impl Store {
    /// An empty store for these resources.
    pub(super) fn new(resources: impl IntoIterator<Item = &'static Resource>) -> Store {
        let mut store = Store::default();
        for resource in resources {
            store.tables.entry(resource.name).or_insert(Table {
                resource,
                items: Vec::new(),
            });
        }
        store
    }

    /// Loads each resource's documented examples.
    pub(super) fn seed_examples(&mut self) -> Result<(), String> {
        let mut resources: Vec<&'static Resource> =
            self.tables.values().map(|t| t.resource).collect();
        resources.sort_by_key(|r| r.depth());
        for resource in resources {
            let mut examples: Vec<Value> = serde_json::from_str(resource.examples.unwrap_or("[]"))
                .map_err(|e| format!("the examples of {}: {e}", resource.name))?;
            // An example that is only a name (no response is documented)
            // gets data in its shape, as the fake answers such endpoints.
            for example in &mut examples {
                let Value::Object(object) = example else {
                    continue;
                };
                let only_key = object.keys().all(|k| resource.key.contains(&k.as_str()));
                let Value::Object(made) =
                    super::synth::object(resource.shape, 1, &serde_json::Map::new())
                else {
                    continue;
                };
                for (field, value) in made {
                    let optional = resource.shape.field(&field).is_some_and(|f| f.optional);
                    if only_key || !optional {
                        object.entry(field).or_insert(value);
                    }
                }
            }
            self.seed(resource.name, examples, "the spec's examples")?;
        }
        Ok(())
    }

    /// How many parents a resource of this name has above it (0 for one
    /// the store does not know): seeds load parents first.
    pub(super) fn depth(&self, name: &str) -> usize {
        self.tables.get(name).map_or(0, |t| t.resource.depth())
    }

    /// The names of the resources held.
    pub(super) fn names(&self) -> Vec<&'static str> {
        self.tables.keys().copied().collect()
    }

    /// Adds `objects` to resource `name`. Fields they lack are filled in;
    /// one whose parent is not held brings its parent. `Err` says which
    /// object does not fit and why, and nothing is added.
    pub(super) fn seed(
        &mut self,
        name: &str,
        objects: Vec<Value>,
        source: &str,
    ) -> Result<(), String> {
        let Some(table) = self.tables.get(name) else {
            return Err(format!(
                "{source}: unknown resource `{name}`; the fake holds {}",
                self.names().join(", ")
            ));
        };
        let resource = table.resource;
        let mut ready = Vec::with_capacity(objects.len());
        for (i, object) in objects.into_iter().enumerate() {
            let at = format!("{source}: {name}[{i}]");
            let Value::Object(object) = object else {
                return Err(format!(
                    "{at} is not an object of shape {}",
                    resource.shape.name
                ));
            };
            let mut object = object;
            fill(resource.shape, &mut object);
            for key in resource.key {
                if object
                    .get(*key)
                    .is_none_or(|v| v.is_null() || text(v).is_empty())
                {
                    return Err(format!("{at} has no `{key}`, which names a {name}"));
                }
            }
            let checked = crate::Returns::shape(resource.shape)
                .normalize(&Value::Object(object.clone()))
                .map_err(|e| format!("{at}: {}", e.replacen("return", name, 1)))?;
            if let Some(misfit) = checked.deviations.first() {
                return Err(format!(
                    "{at}: `{}` = {} is not of its type",
                    misfit.at.replacen("return", name, 1),
                    misfit.sent
                ));
            }
            let key = key_of(resource, &object);
            let twice = ready.iter().any(|o: &Object| {
                resource
                    .key
                    .iter()
                    .all(|k| key.get(*k).is_some_and(|v| same(o.get(*k), v)))
            });
            if twice || self.find(resource, &key).is_some() {
                return Err(format!("{at}: {} is there twice", identify(resource, &key)));
            }
            ready.push(object);
        }
        for object in ready {
            self.bring_parent(resource, &object);
            self.table(resource).items.push(object);
        }
        Ok(())
    }

    /// Makes every resource hold `count` objects, copies of those it holds
    /// under new keys (list tests of any length). A copy keeps its parent:
    /// the fields that name the parent stay, where others name it.
    pub(super) fn pad(&mut self, count: usize) {
        let resources: Vec<&'static Resource> = self.tables.values().map(|t| t.resource).collect();
        for resource in resources {
            let items = &self.tables[resource.name].items;
            if items.is_empty() {
                continue;
            }
            let names_parent = |key: &str| {
                resource
                    .parent
                    .is_some_and(|p| p.key.iter().any(|(own, _)| *own == key))
            };
            let renamed: Vec<&str> = if resource.key.iter().all(|k| names_parent(k)) {
                resource.key.to_vec()
            } else {
                resource
                    .key
                    .iter()
                    .copied()
                    .filter(|k| !names_parent(k))
                    .collect()
            };
            let originals = items.clone();
            for n in items.len()..count {
                let mut copy = originals[n % originals.len()].clone();
                for key in &renamed {
                    let next = if Some(*key) == resource.id {
                        self.allocate(resource)
                    } else {
                        Value::String(format!(
                            "{}-{}",
                            copy.get(*key).map(text).unwrap_or_default(),
                            n + 1
                        ))
                    };
                    copy.insert((*key).to_owned(), next);
                }
                self.table(resource).items.push(copy);
            }
            self.table(resource).items.truncate(count);
        }
    }

    /// Sets `field` of every object of resource `name` to `value`, typed
    /// as the resource's shape types the field.
    pub(super) fn set_everywhere(&mut self, name: &str, field: &str, value: &str) {
        let Some(table) = self.tables.get_mut(name) else {
            return;
        };
        let value = typed(table.resource.shape, field, value);
        for object in &mut table.items {
            object.insert(field.to_owned(), value.clone());
        }
    }

    /// The objects of one resource, in the order made (none for a name the
    /// store does not know).
    pub(super) fn objects(&self, name: &str) -> Vec<Value> {
        self.tables.get(name).map_or_else(Vec::new, |t| {
            t.items.iter().cloned().map(Value::Object).collect()
        })
    }

    /// Everything held, by resource name, each in the order made.
    pub(super) fn snapshot(&self) -> BTreeMap<String, Vec<Value>> {
        self.tables
            .keys()
            .map(|name| ((*name).to_owned(), self.objects(name)))
            .collect()
    }

    /// What `endpoint` does with this request, as `uses` declares.
    /// `pending` are the changes of jobs not yet completed: a create of
    /// what one of them is creating is refused too.
    pub(super) fn call<'p>(
        &mut self,
        endpoint: &Endpoint,
        uses: &ResourceUse,
        request: &Request,
        pending: impl Iterator<Item = &'p Change>,
    ) -> Outcome {
        let resource = uses.resource;
        self.table(resource);
        let mut key = Object::new();
        for (field, path) in uses.key {
            let Some(value) = sent(request, path) else {
                // A key field a create may leave to the API (a server's
                // name), which its response returns.
                if uses.op == ResourceOp::Create && returned_key(uses) == Some(*field) {
                    let name = self.allocate_name(resource);
                    key.insert((*field).to_owned(), name);
                    continue;
                }
                return Outcome::Refused(format!("{} is required.", crate::wire::wire_name(path)));
            };
            key.insert((*field).to_owned(), typed(resource.shape, field, &value));
        }
        match uses.op {
            ResourceOp::Create => self.create(uses, key, request, pending),
            // A set makes one, or changes the one it names.
            ResourceOp::Set if self.find(resource, &key).is_none() => {
                self.create(uses, key, request, pending)
            }
            ResourceOp::Get => match self.find(resource, &key) {
                None => Outcome::Refused(not_found(resource, &key)),
                Some(i) => {
                    let object = self.holding(resource, &self.tables[resource.name].items[i]);
                    Outcome::Read(project(endpoint, resource, &object))
                }
            },
            ResourceOp::List => match self.missing_parent(resource, &key) {
                Some(missing) => Outcome::Refused(missing),
                None => self.list(endpoint, uses, &key, request),
            },
            ResourceOp::Update | ResourceOp::Action | ResourceOp::Set => {
                if self.find(resource, &key).is_none() {
                    return Outcome::Refused(not_found(resource, &key));
                }
                let mut patch = Object::new();
                set_fields(uses, request, &mut patch);
                super::objects::held_lists(endpoint, resource, request, &mut patch);
                if matches!(uses.op, ResourceOp::Update | ResourceOp::Set) {
                    let now = now();
                    for field in resource.updated {
                        patch.insert((*field).to_owned(), Value::String(now.clone()));
                    }
                }
                Outcome::Change(Change::Patch(resource, key, patch), None)
            }
            ResourceOp::Delete => match self.find(resource, &key) {
                None => Outcome::Refused(not_found(resource, &key)),
                Some(_) => Outcome::Change(Change::Remove(resource, key), None),
            },
        }
    }

    /// A create: refused when its parent is missing, when one of its key
    /// exists or a pending job is making one; else an object of the
    /// request's values, its ID allocated and its times set.
    fn create<'p>(
        &mut self,
        uses: &ResourceUse,
        mut key: Object,
        request: &Request,
        mut pending: impl Iterator<Item = &'p Change>,
    ) -> Outcome {
        let resource = uses.resource;
        if let Some(missing) = self.missing_parent(resource, &key) {
            return Outcome::Refused(missing);
        }
        let id = resource.id.map(|field| {
            let id = self.allocate(resource);
            key.insert(field.to_owned(), id.clone());
            id
        });
        let named = returned_key(uses).and_then(|field| key.get(field).cloned());
        if id.is_none() && self.find(resource, &key).is_some() {
            return Outcome::Refused(format!(
                "{} already exists.",
                capital(&identify(resource, &key))
            ));
        }
        let being_made = |change: &Change| match change {
            Change::Insert(r, object) => {
                r.name == resource.name
                    && resource
                        .key
                        .iter()
                        .all(|k| key.get(*k).is_some_and(|v| same(object.get(*k), v)))
            }
            _ => false,
        };
        if id.is_none() && pending.any(being_made) {
            return Outcome::Refused(format!(
                "{} is already being created.",
                capital(&identify(resource, &key))
            ));
        }
        let mut object = key;
        set_fields(uses, request, &mut object);
        let now = now();
        for field in resource.created.iter().chain(resource.updated) {
            object.insert((*field).to_owned(), Value::String(now.clone()));
        }
        fill(resource.shape, &mut object);
        Outcome::Change(Change::Insert(resource, object), id.or(named))
    }

    /// Makes a change. One whose object went away (or came) meanwhile, as
    /// when two jobs change the same one, changes nothing.
    pub(super) fn apply(&mut self, change: Change) {
        match change {
            Change::Insert(resource, object) => {
                let key = key_of(resource, &object);
                if self.find(resource, &key).is_none()
                    && self.missing_parent(resource, &key).is_none()
                {
                    self.table(resource).items.push(object);
                }
            }
            Change::Patch(resource, key, patch) => {
                if let Some(i) = self.find(resource, &key) {
                    self.table(resource).items[i].extend(patch);
                }
            }
            Change::Remove(resource, key) => {
                if let Some(i) = self.find(resource, &key) {
                    let gone = self.table(resource).items.remove(i);
                    self.remove_children(resource, &gone);
                }
            }
        }
    }

    fn list(
        &self,
        endpoint: &Endpoint,
        uses: &ResourceUse,
        key: &Object,
        request: &Request,
    ) -> Outcome {
        let sent = |path: ParamPath| sent(request, path);
        let resource = uses.resource;
        let mut items: Vec<&Object> = self.tables[resource.name]
            .items
            .iter()
            .filter(|o| key.iter().all(|(f, v)| same(o.get(f), v)))
            .filter(|o| {
                uses.filters.iter().all(|(field, path)| match sent(path) {
                    None => true,
                    Some(wanted) => o.get(*field).is_some_and(|v| text(v) == wanted),
                })
            })
            .collect();
        if let Some((by, dir)) = uses.sort
            && let Some(field) = sent(by)
        {
            let field = field.as_str();
            if resource.shape.field(field).is_none() {
                return Outcome::Refused(format!(
                    "Cannot sort by {field}: a {} has no such field.",
                    resource.name
                ));
            }
            items.sort_by(|a, b| order(a.get(field), b.get(field)));
            if sent(dir).is_some_and(|d| d.eq_ignore_ascii_case("desc")) {
                items.reverse();
            }
        }
        let item_shape = endpoint
            .returns
            .filter(|r| r.list || r.paged)
            .and_then(|r| r.shape_info());
        let data: Vec<Value> = match resource.desired.and_then(|d| d.bare_list) {
            // One object's items, as a bare list returns them.
            Some((field, item)) => items
                .iter()
                .flat_map(|o| items_of(o, field, item))
                .map(|mut row| {
                    if let Some(shape) = item_shape {
                        fill(shape, &mut row);
                    }
                    Value::Object(row)
                })
                .collect(),
            None => items
                .iter()
                .map(|o| {
                    let o = self.holding(resource, o);
                    match item_shape {
                        Some(shape) => project_into(shape, resource, &o),
                        None => Value::Object(o),
                    }
                })
                .collect(),
        };
        let total = data.len();
        let listed = endpoint.returns.is_some_and(|r| r.list);
        let answer = match endpoint.paging {
            Some(paging) => {
                let window = window(paging, request, total);
                let chunk = data[window.items].to_vec();
                Value::Object(page_fields(total, window.number, window.pages, chunk))
            }
            None if listed => Value::Array(data),
            // One object holding a whole page.
            None => Value::Object(page_fields(total, 1, usize::from(total > 0), data)),
        };
        Outcome::Read(answer)
    }

    /// An object as the API returns it: holding, in their field, the
    /// children read from it (a database user's grants), which the fake
    /// keeps as objects of their own.
    fn holding(&self, resource: &Resource, object: &Object) -> Object {
        let mut out = object.clone();
        for table in self.tables.values() {
            let child = table.resource;
            let (Some(link), Some(field)) = (child.parent, child.desired.and_then(|d| d.read_from))
            else {
                continue;
            };
            if link.resource.name != resource.name {
                continue;
            }
            let held = table
                .items
                .iter()
                .filter(|o| {
                    link.key.iter().all(|(own, their)| {
                        object.get(*their).is_some_and(|v| same(o.get(*own), v))
                    })
                })
                .map(|o| Value::Object(o.clone()))
                .collect();
            out.insert(field.to_owned(), Value::Array(held));
        }
        out
    }

    fn table(&mut self, resource: &'static Resource) -> &mut Table {
        self.tables.entry(resource.name).or_insert(Table {
            resource,
            items: Vec::new(),
        })
    }

    fn find(&self, resource: &Resource, key: &Object) -> Option<usize> {
        self.tables.get(resource.name)?.items.iter().position(|o| {
            resource
                .key
                .iter()
                .all(|k| key.get(*k).is_some_and(|v| same(o.get(*k), v)))
        })
    }

    /// When `key` names a parent the store does not hold: the refusal.
    fn missing_parent(&self, resource: &Resource, key: &Object) -> Option<String> {
        let parent = resource.parent?;
        let mut theirs = Object::new();
        for (own, their) in parent.key {
            theirs.insert((*their).to_owned(), key.get(*own)?.clone());
        }
        self.find(parent.resource, &theirs)
            .is_none()
            .then(|| not_found(parent.resource, &theirs))
    }

    fn bring_parent(&mut self, resource: &Resource, object: &Object) {
        let Some(parent) = resource.parent else {
            return;
        };
        let mut theirs = Object::new();
        for (own, their) in parent.key {
            if let Some(v) = object.get(*own) {
                theirs.insert((*their).to_owned(), v.clone());
            }
        }
        if self.find(parent.resource, &theirs).is_none() {
            self.bring_parent(parent.resource, &theirs);
            fill(parent.resource.shape, &mut theirs);
            self.table(parent.resource).items.push(theirs);
        }
    }

    fn remove_children(&mut self, parent: &Resource, gone: &Object) {
        let children: Vec<&'static Resource> = self
            .tables
            .values()
            .map(|t| t.resource)
            .filter(|r| r.parent.is_some_and(|p| p.resource.name == parent.name))
            .collect();
        for child in children {
            let Some(link) = child.parent else { continue };
            let belongs = |o: &Object| {
                link.key
                    .iter()
                    .all(|(own, their)| gone.get(*their).is_some_and(|v| same(o.get(*own), v)))
            };
            let table = self.table(child);
            let (removed, kept): (Vec<Object>, Vec<Object>) = std::mem::take(&mut table.items)
                .into_iter()
                .partition(belongs);
            table.items = kept;
            for object in removed {
                self.remove_children(child, &object);
            }
        }
    }

    /// A name for a new one whose create left it to the API:
    /// `server1`, `server2`, …, never reused.
    fn allocate_name(&mut self, resource: &'static Resource) -> Value {
        let last = self.allocated.entry(resource.name).or_insert(0);
        *last += 1;
        Value::String(format!("{}{}", resource.name.replace('_', ""), *last))
    }

    fn allocate(&mut self, resource: &'static Resource) -> Value {
        let field = resource.id.unwrap_or_default();
        let highest = self.tables[resource.name]
            .items
            .iter()
            .filter_map(|o| text(o.get(field)?).parse::<i64>().ok())
            .max()
            .unwrap_or(0);
        let last = self.allocated.entry(resource.name).or_insert(0);
        *last = (*last).max(highest) + 1;
        let id = *last;
        match resource.shape.field(field).map(|f| f.kind) {
            Some(FieldKind::Integer) => Value::from(id),
            _ => Value::String(id.to_string()),
        }
    }
}

/// The fields a create, update or action sets from the request, and those
/// it sets to fixed values.
fn set_fields(uses: &ResourceUse, request: &Request, object: &mut Object) {
    let resource = uses.resource;
    for (field, path) in uses.fields {
        if resource.shape.field(field).is_some_and(|f| f.list) {
            let items: Vec<Value> = sent_list(request, path)
                .iter()
                .map(|v| typed(resource.shape, field, &as_text(v)))
                .collect();
            if !items.is_empty() {
                object.insert((*field).to_owned(), Value::Array(items));
            }
        } else if let Some(value) = sent(request, path) {
            object.insert((*field).to_owned(), typed(resource.shape, field, &value));
        }
    }
    for (field, value) in uses.set {
        let value = serde_json::from_str(value).unwrap_or(Value::Null);
        object.insert((*field).to_owned(), value);
    }
}

/// The key field a create returns when the request leaves it out, for a
/// resource whose key the API does not allocate otherwise.
fn returned_key(uses: &ResourceUse) -> Option<&'static str> {
    uses.returns_id
        .filter(|f| uses.resource.id.is_none() && uses.resource.key.contains(f))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn times_are_written_as_the_api_writes_them() {
        let now = now();
        assert_eq!(now.len(), 19, "{now}");
        assert!(now.starts_with("20"), "{now}");
        assert_eq!(&now[4..5], "-");
        assert_eq!(&now[10..11], " ");
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig {
            cases: std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(256),
            failure_persistence: None,
            ..proptest::prelude::ProptestConfig::default()
        })]

        /// Whatever a request holds, a declared endpoint answers, refuses
        /// or changes the store: it never panics.
        #[test]
        fn odd_requests_never_panic(
            pick in 0usize..1000,
            values in proptest::collection::vec("[-0-9a-z.]{0,6}|-?[0-9]{1,20}", 0..12),
        ) {
            let declared: Vec<&Endpoint> = crate::api::ENDPOINTS
                .iter()
                .copied()
                .filter(|e| e.resource.is_some())
                .collect();
            let endpoint = declared[pick % declared.len()];
            let Some(uses) = endpoint.resource else { return Ok(()) };
            let mut store = Store::new(crate::resources::RESOURCES.iter().copied());
            store.seed_examples().unwrap();
            let mut paths: Vec<ParamPath> = uses
                .key
                .iter()
                .chain(uses.fields)
                .chain(uses.filters)
                .map(|(_, p)| *p)
                .collect();
            if let Some((by, dir)) = uses.sort {
                paths.extend([by, dir]);
            }
            if let Some(paging) = endpoint.paging {
                paths.extend([paging.number, paging.size]);
            }
            let mut request = Request::new();
            for (path, value) in paths.iter().zip(values.iter().cycle()) {
                crate::wire::set(&mut request, path, Value::String(value.clone()));
            }
            let held_before: usize = store.snapshot().values().map(Vec::len).sum();
            match store.call(endpoint, &uses, &request, std::iter::empty()) {
                Outcome::Change(change, _) => store.apply(change),
                Outcome::Read(value) => proptest::prop_assert!(!value.is_null()),
                Outcome::Refused(msg) => proptest::prop_assert!(!msg.is_empty()),
            }
            // A call changes at most one object and what belongs to it.
            let held_after: usize = store.snapshot().values().map(Vec::len).sum();
            proptest::prop_assert!(held_after <= held_before + 1);
        }
    }

    #[test]
    fn padding_keeps_copies_in_their_parent() {
        let mut store = Store::new(crate::resources::RESOURCES.iter().copied());
        store
            .seed("dns_zone", vec![json!({"name": "a.nz"})], "test")
            .unwrap();
        let record =
            json!({"domain": "a.nz", "id": "7", "type": "A", "name": "a.nz", "content": "x"});
        store.seed("dns_record", vec![record], "test").unwrap();
        store.pad(4);
        let held = store.snapshot();
        let records = &held["dns_record"];
        assert_eq!(records.len(), 4);
        assert!(records.iter().all(|r| r["domain"] == "a.nz"), "{records:?}");
        let mut ids: Vec<String> = records.iter().map(|r| text(&r["id"])).collect();
        ids.dedup();
        assert_eq!(ids, ["7", "8", "9", "10"]);
        assert_eq!(held["dns_zone"].len(), 4, "zones are padded too");
    }

    #[test]
    fn every_resource_loads_its_examples() {
        let mut store = Store::new(crate::resources::RESOURCES.iter().copied());
        store.seed_examples().unwrap_or_else(|e| panic!("{e}"));
        let held = store.snapshot();
        for resource in crate::resources::RESOURCES {
            let examples: Vec<Value> =
                serde_json::from_str(resource.examples.unwrap_or("[]")).unwrap();
            // Every example, and the parents examples of children bring.
            let brought = crate::resources::RESOURCES
                .iter()
                .filter(|child| {
                    child
                        .parent
                        .is_some_and(|p| p.resource.name == resource.name)
                })
                .map(|child| {
                    serde_json::from_str::<Vec<Value>>(child.examples.unwrap_or("[]"))
                        .map_or(0, |e| e.len())
                })
                .sum::<usize>();
            let held = held[resource.name].len();
            assert!(
                held >= examples.len() && held <= examples.len() + brought,
                "{}: {held} held, {} examples",
                resource.name,
                examples.len()
            );
            assert!(!examples.is_empty(), "{} has no example", resource.name);
        }
    }
}
