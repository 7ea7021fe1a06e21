//! The service against a simulator whose unpublished codes are not the service's placeholders
//! (as the real Dinamize's may not be): what fails without `DINAMIZE_CODE_*`, what setting them
//! fixes, the token check that keeps a token from staying dead under an unknown expired-token
//! code, and answers shaped otherwise than the notes.

mod common;

#[path = "unknown_codes/codes.rs"]
mod codes;
#[path = "unknown_codes/shapes.rs"]
mod shapes;
#[path = "unknown_codes/support.rs"]
mod support;
