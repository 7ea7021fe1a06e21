//! `/emkt/contact-list/search`, `/emkt/field/search` and `/emkt/field-lov/search`.

use crate::sim::data::Tenant;
use crate::sim::data::search::descending;
use crate::sim::envelope::Fail;
use crate::sim::params::{Paging, opt_list, opt_str, req_u64};
use serde_json::{Map, Value, json};

type Body = Map<String, Value>;

/// Lists: `{items: [{code, title}], next}`, ordered by `code` or `title`.
pub fn lists(tenant: &Tenant, map: &Body) -> Result<Value, Fail> {
    let paging = Paging::read(map)?;
    let mut items: Vec<(u64, String)> = tenant.lists.iter().map(|(c, t)| (*c, t.clone())).collect();
    for key in opt_list(map.get("order"), "order")?.iter().rev() {
        let by_title = match key.get("field").and_then(Value::as_str) {
            Some("title") => true,
            Some("code") => false,
            _ => return Err(Fail::invalid("lists order by code or title")),
        };
        let desc = descending(key)?;
        items.sort_by(|a, b| {
            let ord = if by_title {
                a.1.cmp(&b.1)
            } else {
                a.0.cmp(&b.0)
            };
            if desc { ord.reverse() } else { ord }
        });
    }
    let (page, next) = paging.slice(&items);
    let items: Vec<Value> = page
        .into_iter()
        .map(|(code, title)| json!({"code": code.to_string(), "title": title}))
        .collect();
    Ok(json!({"items": items, "next": next}))
}

/// Fields of a list: `{items: [{code, code_name, title, type, is_uniquevalue}], next}`.
pub fn fields(tenant: &Tenant, map: &Body) -> Result<Value, Fail> {
    tenant.check_list(req_u64(map, "contact-list_code")?)?;
    let paging = Paging::read(map)?;
    let (page, next) = paging.slice(&tenant.fields);
    let items: Vec<Value> = page
        .into_iter()
        .map(|f| {
            json!({
                "code": f.code.to_string(),
                "code_name": format!("cmp{}", f.code),
                "title": f.title,
                "type": f.kind,
                "is_uniquevalue": f.unique,
            })
        })
        .collect();
    Ok(json!({"items": items, "next": next}))
}

/// Options of an `LV` field (`field_code` as `7` or `cmp7`): `{list: [{code, value}], next}`.
pub fn options(tenant: &Tenant, map: &Body) -> Result<Value, Fail> {
    tenant.check_list(req_u64(map, "contact-list_code")?)?;
    let paging = Paging::read(map)?;
    let raw = opt_str(map, "field_code")?.ok_or_else(|| Fail::invalid("field_code is required"))?;
    let code: u32 = raw
        .trim()
        .trim_start_matches("cmp")
        .parse()
        .map_err(|_| Fail::invalid("field_code must be a field code"))?;
    let field = tenant
        .fields
        .iter()
        .find(|f| f.code == code)
        .ok_or_else(|| Fail::invalid(format!("field {code} does not exist")))?;
    if !field.is_list_of_values() {
        return Err(Fail::invalid(format!(
            "field {code} is not a list of values"
        )));
    }
    let (page, next) = paging.slice(&field.options);
    let list: Vec<Value> = page
        .into_iter()
        .map(|o| json!({"code": o.code.to_string(), "value": o.value}))
        .collect();
    Ok(json!({"list": list, "next": next}))
}
