//! `GET /metrics`, parsed with a real Prometheus text parser (`openmetrics-parser`): the values
//! move when work happens (a lead synced, a contacts call, a 240024 answer, a panicking job, a
//! Redis outage), the queue's gauges follow PostgreSQL, and no label carries an e-mail, a
//! token or a lead id.

mod common;

#[path = "metrics/outage.rs"]
mod outage;
#[path = "metrics/scrape.rs"]
mod scrape;
#[allow(dead_code)] // Shared with tests/sync.rs, which uses the rest.
#[path = "sync/support.rs"]
mod support;
#[path = "metrics/work.rs"]
mod work;
