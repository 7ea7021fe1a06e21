//! Every route of the service, in one place.

use actix_web::web;

use super::{account, contacts, health, leads, openapi, ready, sync};

/// Registers the routes on an `App`.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(health::health)
        .service(ready::ready)
        .service(contacts::search_contacts)
        .service(contacts::create_contact)
        .service(contacts::get_contact)
        .service(contacts::update_contact)
        .service(contacts::delete_contact)
        .service(account::get_account)
        .service(account::put_account)
        .service(leads::create_lead)
        .service(leads::list_leads)
        .service(leads::get_lead)
        .service(leads::update_lead)
        .service(leads::delete_lead)
        .service(sync::sync_lead)
        .service(sync::start_run)
        .service(sync::list_runs)
        .service(sync::get_run)
        .service(sync::queue_stats)
        .service(sync::list_jobs)
        .service(sync::retry_failed)
        .service(sync::retry_job)
        .service(openapi::service());
}
