//! dinamize-sync: keeps the DWU CRM's leads in step with Dinamize contact lists.

pub mod auth;
pub mod cli;
pub mod config;
pub mod db;
pub mod dinamize;
pub mod http;
pub mod redis;
pub mod sim;
pub mod startup;
pub mod telemetry;
