//! The actor and its one message, `Call<C>`, generic over the Dinamize call `C` and answered
//! with `C`'s own response type. Each call runs as its own future, so calls of many companies
//! proceed at once; the actor holds only the addresses, the HTTP client and what the
//! process learnt about unknown codes ([`TokenChecks`]).

use std::time::Instant;

use actix::{Actor, Addr, Context, Handler, Message, ResponseFuture, Supervised};

use super::checks::TokenChecks;
use super::error::CallError;
use super::plan::{NextStep, after_error};
use super::{check, steps};
use crate::actors::rate_limiter::{Lane, RateLimiterActor};
use crate::actors::token::TokenActor;
use crate::dinamize::{DinamizeCall, DinamizeClient, DinamizeError};

/// Sent for each Dinamize call: the answer, or why there is none by `deadline`.
#[derive(Debug)]
pub struct Call<C> {
    pub company_id: i64,
    pub request: C,
    /// `Interactive` for the frontend's calls, `Background` for sync jobs.
    pub lane: Lane,
    /// When the caller stops waiting: a rate limit that lasts longer is answered at once.
    pub deadline: Instant,
    /// The caller already holds a permit for the first request, good for a request sent
    /// before this instant (the sync queue hands a job out only with one): that request is
    /// sent without asking the limiter again. Past the instant it asks as usual: a permit
    /// kept longer could arrive after its slot's guard, outside the window it was counted
    /// in. Any later request of the call (after a re-login or a rate-limit answer) asks too.
    pub prepaid: Option<Instant>,
}

impl<C: DinamizeCall> Message for Call<C> {
    type Result = Result<C::Response, CallError>;
}

impl<C> Call<C> {
    /// What every request of the call shares.
    pub(super) fn scope(&self) -> Scope {
        Scope {
            company_id: self.company_id,
            lane: self.lane,
            deadline: self.deadline,
        }
    }
}

/// What every request of one call shares, whatever it sends (the call itself, or the search
/// that recovers a lost add): whose it is, its lane and the caller's deadline.
#[derive(Debug, Clone, Copy)]
pub(super) struct Scope {
    pub(super) company_id: i64,
    pub(super) lane: Lane,
    pub(super) deadline: Instant,
}

/// The actor.
pub struct ApiClientActor {
    parts: Parts,
}

/// What one call needs, cloned into its future.
#[derive(Clone)]
pub(super) struct Parts {
    pub(super) client: DinamizeClient,
    pub(super) tokens: Addr<TokenActor>,
    pub(super) limiter: Addr<RateLimiterActor>,
    /// What this process learnt about unknown codes (shared across restarts of the actor).
    pub(super) checks: TokenChecks,
}

impl ApiClientActor {
    /// An actor sending through `client`, with tokens from `tokens` and permits from `limiter`.
    pub fn new(
        client: DinamizeClient,
        tokens: Addr<TokenActor>,
        limiter: Addr<RateLimiterActor>,
    ) -> Self {
        Self::with_checks(client, tokens, limiter, TokenChecks::default())
    }

    /// Like [`ApiClientActor::new`], recording token checks in `checks` (kept by the caller so
    /// that a restarted actor keeps what was learnt, and `/ready` can read the counters).
    pub fn with_checks(
        client: DinamizeClient,
        tokens: Addr<TokenActor>,
        limiter: Addr<RateLimiterActor>,
        checks: TokenChecks,
    ) -> Self {
        Self {
            parts: Parts {
                client,
                tokens,
                limiter,
                checks,
            },
        }
    }
}

impl Actor for ApiClientActor {
    type Context = Context<Self>;
}

impl Supervised for ApiClientActor {}

impl<C: DinamizeCall> Handler<Call<C>> for ApiClientActor {
    type Result = ResponseFuture<Result<C::Response, CallError>>;

    fn handle(&mut self, call: Call<C>, _: &mut Context<Self>) -> Self::Result {
        Box::pin(run(self.parts.clone(), call))
    }
}

async fn run<C: DinamizeCall>(parts: Parts, call: Call<C>) -> Result<C::Response, CallError> {
    let scope = call.scope();
    let mut reauthenticated = false;
    let mut prepaid = call.prepaid;
    loop {
        let Some(token) = steps::token_within(&parts, &scope).await? else {
            continue;
        };
        if !steps::permit(&parts, &scope, prepaid.take()).await? {
            continue;
        }
        let error = match steps::send(&parts, call.company_id, &token, &call.request).await {
            Ok(response) => return Ok(response),
            Err(error) => error,
        };
        if matches!(error, DinamizeError::Decode { .. })
            && let Some(search) = call.request.lookup()
        {
            return check::find_created(&parts, &call, &token, &search, error).await;
        }
        steps::note_rate_limit(&parts, call.company_id, &error);
        if !reauthenticated && check::wants_token_check(&parts.checks, &error) {
            return check::check_token(&parts, &call, &token, error).await;
        }
        match after_error(&error, reauthenticated, Instant::now(), call.deadline) {
            NextStep::Reauthenticate => {
                steps::invalidate(&parts, call.company_id).await?;
                reauthenticated = true;
            }
            NextStep::GiveUp => return Err(error.into()),
            step => steps::pause(step).await?,
        }
    }
}
