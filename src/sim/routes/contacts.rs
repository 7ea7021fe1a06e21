//! `/emkt/contact/{search,add,get,update,delete}`.

use crate::sim::config::DuplicatePolicy;
use crate::sim::data::Tenant;
use crate::sim::data::contact::Contact;
use crate::sim::data::patch::ContactPatch;
use crate::sim::data::search::{RestFilter, parse_filters, parse_order};
use crate::sim::envelope::Fail;
use crate::sim::params::{Paging, opt_str, req_u64};
use chrono::{DateTime, Utc};
use serde_json::{Map, Value, json};

type Body = Map<String, Value>;

/// `custom_filter` names a segmentation; the simulator has none, so only its absence is served.
fn refuse_custom_filter(map: &Body) -> Result<(), Fail> {
    match opt_str(map, "custom_filter")? {
        Some(f) if !f.trim().is_empty() => Err(Fail::invalid(
            "custom_filter is not supported by the simulator",
        )),
        _ => Ok(()),
    }
}

/// Search: `{items, next}`.
pub fn search(tenant: &Tenant, map: &Body, now: DateTime<Utc>) -> Result<Value, Fail> {
    let list = req_u64(map, "contact-list_code")?;
    let paging = Paging::read(map)?;
    let rest = RestFilter::parse(map.get("status_contact"))?;
    let has_field = |n| tenant.has_field(n);
    let filters = parse_filters(map.get("search"), has_field)?;
    let order = parse_order(map.get("order"), has_field)?;
    refuse_custom_filter(map)?;
    let found = tenant.search(list, &filters, &order, rest, now)?;
    let (page, next) = paging.slice(&found);
    let items: Vec<Value> = page.into_iter().map(Contact::to_json).collect();
    Ok(json!({"items": items, "next": next}))
}

/// Add: `{code}`.
pub fn add(
    tenant: &mut Tenant,
    map: &Body,
    policy: DuplicatePolicy,
    now: DateTime<Utc>,
) -> Result<Value, Fail> {
    let list = req_u64(map, "contact-list_code")?;
    let patch = ContactPatch::read(map, &tenant.fields)?;
    let code = tenant.add(list, patch, policy, now)?;
    Ok(json!({"code": code.to_string()}))
}

/// Get: the contact item.
pub fn get(tenant: &Tenant, map: &Body) -> Result<Value, Fail> {
    let list = req_u64(map, "contact-list_code")?;
    let code = req_u64(map, "contact_code")?;
    Ok(tenant.get(list, code)?.to_json())
}

/// Update: `{affected_rows: 1}`; omitted fields are kept, custom fields merged.
pub fn update(tenant: &mut Tenant, map: &Body, policy: DuplicatePolicy) -> Result<Value, Fail> {
    let list = req_u64(map, "contact-list_code")?;
    let code = req_u64(map, "contact_code")?;
    let patch = ContactPatch::read(map, &tenant.fields)?;
    tenant.update(list, code, patch, policy)?;
    Ok(json!({"affected_rows": 1}))
}

/// Delete: `{affected_rows: 1}`.
pub fn delete(tenant: &mut Tenant, map: &Body) -> Result<Value, Fail> {
    let list = req_u64(map, "contact-list_code")?;
    let code = req_u64(map, "contact_code")?;
    tenant.delete(list, code)?;
    Ok(json!({"affected_rows": 1}))
}
