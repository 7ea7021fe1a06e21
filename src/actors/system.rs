//! Starting the actors of one instance, each under an actix `Supervisor` (a panicking actor is
//! restarted with the same state), and wiring them to each other.

use std::sync::Arc;

use actix::{Addr, Supervisor};

use super::api_client::{ApiClientActor, TokenChecks};
use super::rate_limiter::{Acquire, Decision, Lane, LimiterHealth, RateLimiterActor};
use super::token::TokenActor;
use crate::config::Config;
use crate::db::DbPool;
use crate::dinamize::DinamizeClient;
use crate::redis::RedisHandle;
use crate::tokens::{AuthGate, TokenService};

/// The addresses every part of the service sends to.
#[derive(Clone)]
pub struct Actors {
    pub tokens: Addr<TokenActor>,
    pub limiter: Addr<RateLimiterActor>,
    pub api_client: Addr<ApiClientActor>,
    /// Degraded while the limiter decides from memory (Redis failing): shown on `/ready`.
    pub limiter_health: LimiterHealth,
    /// The token flow itself (start-up seeding, rotation).
    pub token_service: TokenService,
    /// Token checks after unknown codes: counters and what was learnt (for `/ready`, `/metrics`).
    pub token_checks: TokenChecks,
}

/// Starts the actors in the current actix System.
pub fn start(config: &Config, db: DbPool, redis: RedisHandle, client: DinamizeClient) -> Actors {
    let limiter_actor = RateLimiterActor::from_config(config, redis.clone(), db.clone());
    let limiter_health = limiter_actor.health();
    let limiter = limiter_actor.start_supervised();
    let token_service = TokenService::from_config(config, db, redis, client.clone());
    token_service.set_auth_gate(auth_gate(limiter.clone()));
    let tokens = TokenActor::start_supervised(token_service.clone());
    let token_checks = TokenChecks::default();
    let api_client = {
        let (tokens, limiter, checks) = (tokens.clone(), limiter.clone(), token_checks.clone());
        Supervisor::start(move |_| ApiClientActor::with_checks(client, tokens, limiter, checks))
    };
    Actors {
        tokens,
        limiter,
        api_client,
        limiter_health,
        token_service,
        token_checks,
    }
}

/// A login takes a slot of the account's window like any other request (Dinamize counts it).
/// If the limiter cannot be asked at all, the login goes ahead (fail-open).
fn auth_gate(limiter: Addr<RateLimiterActor>) -> AuthGate {
    Arc::new(move |company_id| {
        let limiter = limiter.clone();
        Box::pin(async move {
            match limiter
                .send(Acquire {
                    company_id,
                    lane: Lane::Interactive,
                })
                .await
            {
                Ok(Decision::RetryIn(wait)) => Err(wait),
                Ok(Decision::Permit) | Err(_) => Ok(()),
            }
        })
    })
}
