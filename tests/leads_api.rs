//! The leads REST API: each route, the bad-input table, company isolation, the sync job each
//! write leaves in `crm_sync_queue` (through the capture trigger), the list's paging and
//! filters, the account's field mapping, and the OpenAPI document.

mod common;

#[path = "leads_api/deadlock.rs"]
mod deadlock;
#[path = "leads_api/filters.rs"]
mod filters;
#[path = "leads_api/isolation.rs"]
mod isolation;
#[path = "leads_api/mapping.rs"]
mod mapping;
#[path = "leads_api/openapi.rs"]
mod openapi;
#[path = "leads_api/queue.rs"]
mod queue;
#[path = "leads_api/routes.rs"]
mod routes;
#[path = "leads_api/support.rs"]
mod support;
#[path = "leads_api/validation.rs"]
mod validation;
