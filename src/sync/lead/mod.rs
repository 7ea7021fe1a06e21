//! The lead sync job: load the lead, its sync row and its company's account; decide what
//! Dinamize must be told; tell it through the `ApiClientActor`.

mod calls;
mod context;
mod handler;
mod plan;
mod run;

pub use context::{LeadContext, load};
pub use handler::LeadSyncHandler;
pub use plan::{Plan, plan};
