//! Every route of the service, in one place.

use actix_web::web;

use super::{health, ready};

/// Registers the routes on an `App`.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(health::health).service(ready::ready);
}
