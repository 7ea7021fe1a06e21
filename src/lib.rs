//! dinamize-sync: keeps the DWU CRM's leads in step with Dinamize contact lists.

pub mod accounts;
pub mod actors;
pub mod alerts;
pub mod auth;
pub mod capture;
pub mod cli;
pub mod config;
pub mod crypto;
pub mod dashboard;
pub mod db;
pub mod dinamize;
pub mod http;
pub mod leads;
pub mod limiter;
pub mod metrics;
pub mod redis;
pub mod rotation;
pub mod sim;
pub mod startup;
pub mod sync;
pub mod telemetry;
pub mod tokens;
