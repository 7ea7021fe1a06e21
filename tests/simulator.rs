//! The Dinamize simulator, exercised over real HTTP with reqwest: auth and token expiry, the
//! limit, search operators, order and paging, contacts, each account's lists and fields and the
//! value shapes they take, import, faults, the journal, bad requests and the `simulate` flags.

#[path = "simulator/support.rs"]
mod support;

#[path = "simulator/auth.rs"]
mod auth;
#[path = "simulator/bad_requests.rs"]
mod bad_requests;
#[path = "simulator/cli.rs"]
mod cli;
#[path = "simulator/contacts.rs"]
mod contacts;
#[path = "simulator/faults.rs"]
mod faults;
#[path = "simulator/import.rs"]
mod import;
#[path = "simulator/journal.rs"]
mod journal;
#[path = "simulator/layout.rs"]
mod layout;
#[path = "simulator/layout_values.rs"]
mod layout_values;
#[path = "simulator/limit.rs"]
mod limit;
#[path = "simulator/search.rs"]
mod search;
