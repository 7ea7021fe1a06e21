//! `dinamize-sync token`: a signed JWT for local use of the API.

use super::args::TokenArgs;
use crate::auth::{Claims, issue};
use crate::config::Config;

/// Prints the token on stdout; returns the exit code.
pub fn token(config: &Config, args: TokenArgs) -> u8 {
    let mut company_ids = args.companies;
    if !company_ids.contains(&args.company) {
        company_ids.insert(0, args.company);
    }
    let claims = Claims {
        sub: args.sub,
        company_id: args.company,
        company_ids,
        role: args.role,
        exp: chrono::Utc::now().timestamp() + args.ttl_minutes * 60,
    };
    match issue(&claims, config.jwt.secret.expose().as_bytes()) {
        Ok(token) => {
            println!("{token}");
            0
        }
        Err(error) => {
            eprintln!("cannot sign the token: {error}");
            1
        }
    }
}
