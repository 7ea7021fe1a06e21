//! dinamize-sync: keeps the DWU CRM's leads in step with Dinamize contact lists.

pub mod bench;
pub mod dinamize;
pub mod limiter;
