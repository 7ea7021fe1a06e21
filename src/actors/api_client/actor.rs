//! The actor and its one message, `Call`. Each call runs as its own future, so calls of many
//! companies proceed at once; the actor holds only the addresses and the HTTP client.

use std::time::Instant;

use actix::{Actor, Addr, Context, Handler, MailboxError, Message, ResponseFuture, Supervised};

use super::error::CallError;
use super::plan::{NextStep, after_error, wait_or_give_up};
use crate::actors::rate_limiter::{Acquire, Block, Decision, Lane, RateLimiterActor};
use crate::actors::token::{GetToken, Invalidate, TokenActor};
use crate::dinamize::{DinamizeClient, DinamizeError, DinamizeRequest, DinamizeResponse};
use crate::tokens::TokenError;

/// Sent for each Dinamize call: the answer, or why there is none by `deadline`.
#[derive(Debug, Message)]
#[rtype(result = "Result<DinamizeResponse, CallError>")]
pub struct Call {
    pub company_id: i64,
    pub request: DinamizeRequest,
    /// `Interactive` for the frontend's calls, `Background` for sync jobs.
    pub lane: Lane,
    /// When the caller stops waiting: a rate limit that lasts longer is answered at once.
    pub deadline: Instant,
    /// The caller already holds a permit for the first request (the sync queue hands a job
    /// out only with one): that request is sent without asking the limiter again. Any later
    /// request of the call (after a re-login or a rate-limit answer) asks as usual.
    pub prepaid: bool,
}

/// The actor.
pub struct ApiClientActor {
    parts: Parts,
}

/// What one call needs, cloned into its future.
#[derive(Clone)]
struct Parts {
    client: DinamizeClient,
    tokens: Addr<TokenActor>,
    limiter: Addr<RateLimiterActor>,
}

impl ApiClientActor {
    /// An actor sending through `client`, with tokens from `tokens` and permits from `limiter`.
    pub fn new(
        client: DinamizeClient,
        tokens: Addr<TokenActor>,
        limiter: Addr<RateLimiterActor>,
    ) -> Self {
        Self {
            parts: Parts {
                client,
                tokens,
                limiter,
            },
        }
    }
}

impl Actor for ApiClientActor {
    type Context = Context<Self>;
}

impl Supervised for ApiClientActor {}

impl Handler<Call> for ApiClientActor {
    type Result = ResponseFuture<Result<DinamizeResponse, CallError>>;

    fn handle(&mut self, call: Call, _: &mut Context<Self>) -> Self::Result {
        Box::pin(run(self.parts.clone(), call))
    }
}

async fn run(parts: Parts, call: Call) -> Result<DinamizeResponse, CallError> {
    let company_id = call.company_id;
    let mut reauthenticated = false;
    let mut prepaid = call.prepaid;
    loop {
        let token = match token(&parts, company_id).await {
            Ok(token) => token,
            // No slot for the login itself: wait like for any other permit.
            Err(CallError::Dinamize(DinamizeError::RateLimited { retry_after, .. })) => {
                pause(wait_or_give_up(retry_after, Instant::now(), call.deadline)).await?;
                continue;
            }
            Err(error) => return Err(error),
        };
        let decision = if std::mem::take(&mut prepaid) {
            Decision::Permit
        } else {
            parts
                .limiter
                .send(Acquire {
                    company_id,
                    lane: call.lane,
                })
                .await
                .map_err(mailbox)?
        };
        if let Decision::RetryIn(wait) = decision {
            pause(wait_or_give_up(wait, Instant::now(), call.deadline)).await?;
            continue;
        }
        let error = match parts.client.send(&token, &call.request).await {
            Ok(response) => return Ok(response),
            Err(error) => error,
        };
        if let DinamizeError::RateLimited { retry_after, .. } = &error {
            // Dinamize counted more than we did: every instance holds off this company.
            parts.limiter.do_send(Block {
                company_id,
                retry_after: *retry_after,
            });
            log::warn!(
                "company {company_id}: Dinamize answered 240024, blocked for {retry_after:?}"
            );
        }
        match after_error(&error, reauthenticated, Instant::now(), call.deadline) {
            NextStep::Reauthenticate => {
                parts
                    .tokens
                    .send(Invalidate { company_id })
                    .await
                    .map_err(mailbox)?;
                reauthenticated = true;
            }
            NextStep::GiveUp => return Err(error.into()),
            step => pause(step).await?,
        }
    }
}

/// Waits for `Wait`, turns `TooLate` into the caller's 429.
async fn pause(step: NextStep) -> Result<(), CallError> {
    match step {
        NextStep::Wait(wait) => {
            tokio::time::sleep(wait).await;
            Ok(())
        }
        NextStep::TooLate(retry_after) => Err(CallError::RateLimited { retry_after }),
        NextStep::Reauthenticate | NextStep::GiveUp => Ok(()),
    }
}

async fn token(parts: &Parts, company_id: i64) -> Result<String, CallError> {
    match parts
        .tokens
        .send(GetToken { company_id })
        .await
        .map_err(mailbox)?
    {
        Ok(token) => Ok(token),
        Err(TokenError::Misconfigured { reason }) => Err(CallError::Misconfigured { reason }),
        Err(TokenError::Dinamize(error)) => Err(CallError::Dinamize(error)),
        Err(TokenError::Unavailable(reason)) => Err(CallError::Unavailable(reason)),
    }
}

fn mailbox(error: MailboxError) -> CallError {
    CallError::Unavailable(format!("actor mailbox: {error}"))
}
