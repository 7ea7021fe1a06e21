//! `/api/dinamize/account` (admin): the company's Dinamize credentials. The password is stored
//! encrypted and never returned.

mod body;
mod get;
mod put;
pub mod view;

pub use get::{__path_get_account, get_account};
pub use put::{__path_put_account, put_account};
