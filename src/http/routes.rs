//! Every route of the service, in one place; anything else gets `fallback::not_routed`
//! (405 for a declared path under another method, 404 otherwise).

use actix_web::{guard, web};

use super::{account, contacts, fallback, health, leads, openapi, ready, sync};

/// Registers the routes on an `App`.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(health::health)
        .service(ready::ready)
        .service(crate::metrics::serve_metrics)
        .service(crate::dashboard::admin_page)
        .service(crate::dashboard::admin_script)
        .service(crate::dashboard::admin_style)
        .service(contacts::search_contacts)
        // Without this, `GET /contacts/search` would reach `get_contact` (code "search").
        .service(
            web::resource("/api/dinamize/contacts/search")
                .guard(guard::Not(guard::Post()))
                .to(fallback::not_routed),
        )
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
        .service(openapi::service())
        .default_service(web::to(fallback::not_routed));
}
