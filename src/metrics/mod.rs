//! Prometheus metrics (`GET /metrics`), through the `metrics` facade and its Prometheus
//! exporter: the recorder is installed once per process ([`install`]), instrumented code calls
//! the one-line functions of [`record`], and the scrape adds the queue's gauges read from
//! PostgreSQL ([`queue`]) before rendering. Labels carry names, outcomes, codes, route
//! patterns and company ids only: never an e-mail, a token or a lead id.

pub mod http;
pub mod record;
pub mod recorder;
pub mod scrape;

pub use recorder::{handle, install};
pub use scrape::serve_metrics;
