//! `dinamize-sync token`: a signed JWT for local use of the API.

use super::args::TokenArgs;
use crate::auth::{Claims, Subject, issue};
use crate::config::Config;

/// Prints the token on stdout; returns the exit code.
pub fn token(config: &Config, args: TokenArgs) -> u8 {
    let mut company_ids = args.companies;
    if !company_ids.contains(&args.company) {
        company_ids.insert(0, args.company);
    }
    let now = chrono::Utc::now().timestamp();
    let claims = Claims {
        company_ids,
        ..Claims::for_company(
            subject(&args.sub),
            args.company,
            args.role,
            now,
            args.ttl_minutes * 60,
        )
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

/// A numeric `--sub` is written as a number, as the CRM writes user ids.
fn subject(sub: &str) -> Subject {
    sub.parse::<i64>()
        .map(Subject::from)
        .unwrap_or_else(|_| Subject::from(sub))
}
