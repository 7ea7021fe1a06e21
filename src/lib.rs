//! dinamize-sync: keeps the DWU CRM's leads in step with Dinamize contact lists.

pub mod dinamize;
pub mod sim;
