//! `TokenActor`: hands out a valid Dinamize token per company and forgets it on request. A thin
//! shell over [`TokenService`]; started under an actix `Supervisor`, which restarts it if it
//! stops (its state lives in the service, so a restart loses nothing).

use actix::{
    Actor, ActorContext, Addr, Context, Handler, Message, ResponseFuture, Supervised, Supervisor,
};

use crate::accounts::{AccountError, Credentials};
use crate::tokens::{TokenError, TokenService};

/// Sent by `ApiClientActor` before every Dinamize call: answers a token that is valid now
/// (from Redis, PostgreSQL or a fresh `/auth`). Not a use of it: see [`Used`].
#[derive(Debug, Clone, Copy, Message)]
#[rtype(result = "Result<String, TokenError>")]
pub struct GetToken {
    /// The company whose Dinamize account is used.
    pub company_id: i64,
}

/// Sent by `ApiClientActor` when a request leaves with the company's token (permit granted):
/// moves the token's idle clock. A hand-out alone never does, so a token no request reaches
/// Dinamize with ages as it does at Dinamize.
#[derive(Debug, Clone, Copy, Message)]
#[rtype(result = "()")]
pub struct Used {
    /// The company whose token was used.
    pub company_id: i64,
}

/// Sent by `ApiClientActor` to check a token after an unknown code: a fresh login replacing
/// `stale`, which stays in use for everyone if the login fails.
#[derive(Debug, Clone, Message)]
#[rtype(result = "Result<String, TokenError>")]
pub struct Renew {
    /// The company whose token is renewed.
    pub company_id: i64,
    /// The token that got the unknown code.
    pub stale: String,
}

/// Sent when Dinamize answered that the token expired (or the credentials changed): the token
/// is dropped in PostgreSQL and Redis, for every instance; the next `GetToken` logs in again.
#[derive(Debug, Clone, Copy, Message)]
#[rtype(result = "()")]
pub struct Invalidate {
    /// The company whose token is dropped.
    pub company_id: i64,
}

/// Sent by the admin API when a company's Dinamize credentials change: stores them (password
/// encrypted), clears the misconfigured mark and drops the old token everywhere.
#[derive(Debug, Clone, Message)]
#[rtype(result = "Result<(), AccountError>")]
pub struct SetCredentials {
    /// The company whose account is set.
    pub company_id: i64,
    /// The new credentials (the password is redacted in `Debug`).
    pub credentials: Credentials,
}

/// Sent to stop the actor; its `Supervisor` starts it again at once with the same service
/// (used to prove the supervision, and by an operator to reset a wedged actor).
#[derive(Debug, Clone, Copy, Message)]
#[rtype(result = "()")]
pub struct Restart;

/// The token actor. Handles messages concurrently (each reply is its own future).
pub struct TokenActor {
    service: TokenService,
}

impl TokenActor {
    /// An actor over `service`.
    pub fn new(service: TokenService) -> Self {
        Self { service }
    }

    /// Starts the actor under a `Supervisor` in the current arbiter.
    pub fn start_supervised(service: TokenService) -> Addr<TokenActor> {
        Supervisor::start(move |_| TokenActor::new(service))
    }
}

impl Actor for TokenActor {
    type Context = Context<Self>;

    fn started(&mut self, _ctx: &mut Self::Context) {
        log::debug!("TokenActor started");
    }
}

impl Supervised for TokenActor {
    fn restarting(&mut self, _ctx: &mut Self::Context) {
        log::warn!("TokenActor restarting");
    }
}

impl Handler<GetToken> for TokenActor {
    type Result = ResponseFuture<Result<String, TokenError>>;

    fn handle(&mut self, msg: GetToken, _ctx: &mut Self::Context) -> Self::Result {
        let service = self.service.clone();
        Box::pin(async move { service.get_token(msg.company_id).await })
    }
}

impl Handler<Used> for TokenActor {
    type Result = ResponseFuture<()>;

    fn handle(&mut self, msg: Used, _ctx: &mut Self::Context) -> Self::Result {
        let service = self.service.clone();
        Box::pin(async move { service.record_use(msg.company_id).await })
    }
}

impl Handler<Renew> for TokenActor {
    type Result = ResponseFuture<Result<String, TokenError>>;

    fn handle(&mut self, msg: Renew, _ctx: &mut Self::Context) -> Self::Result {
        let service = self.service.clone();
        Box::pin(async move { service.renew(msg.company_id, &msg.stale).await })
    }
}

impl Handler<Invalidate> for TokenActor {
    type Result = ResponseFuture<()>;

    fn handle(&mut self, msg: Invalidate, _ctx: &mut Self::Context) -> Self::Result {
        let service = self.service.clone();
        Box::pin(async move { service.invalidate(msg.company_id).await })
    }
}

impl Handler<SetCredentials> for TokenActor {
    type Result = ResponseFuture<Result<(), AccountError>>;

    fn handle(&mut self, msg: SetCredentials, _ctx: &mut Self::Context) -> Self::Result {
        let service = self.service.clone();
        Box::pin(async move {
            service
                .replace_credentials(msg.company_id, &msg.credentials)
                .await
        })
    }
}

impl Handler<Restart> for TokenActor {
    type Result = ();

    fn handle(&mut self, _msg: Restart, ctx: &mut Self::Context) {
        ctx.stop();
    }
}
