//! The backfill's Dinamize calls: the import, its status and the read-back searches, each
//! through the `ApiClientActor` on the background lane, so the account's limit (shared with
//! every sync job and instance) counts each one. A rate limit is waited out, not failed.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use actix::Addr;

use super::lease::Lease;
use crate::actors::api_client::{ApiClientActor, Call, CallError};
use crate::actors::rate_limiter::Lane;
use crate::dinamize::{
    ContactSearchRequest, DinamizeCall, ImportGetRequest, ImportRequest, ImportStatus,
    MAX_PAGE_SIZE,
};

/// How long one call may wait for a permit before it comes back rate limited (then it waits
/// the time the limiter named and asks again).
const PERMIT_WAIT: Duration = Duration::from_secs(5);
/// The longest single wait after a rate limit (the lease is renewed between waits).
const MOST_WAIT: Duration = Duration::from_secs(10);

/// Calls for one company.
#[derive(Clone)]
pub struct BackfillCalls {
    company_id: i64,
    api: Addr<ApiClientActor>,
}

impl BackfillCalls {
    pub fn new(company_id: i64, api: Addr<ApiClientActor>) -> Self {
        Self { company_id, api }
    }

    /// One request, waiting out rate limits; the run's lease is renewed before each try (and
    /// the call given up when another instance has taken the run over).
    async fn send<C: DinamizeCall + Clone>(
        &self,
        request: C,
        lease: &Lease,
    ) -> Result<C::Response, CallError> {
        loop {
            if !lease.renew().await {
                return Err(CallError::Unavailable("the run's lease was lost".into()));
            }
            let call = Call {
                company_id: self.company_id,
                request: request.clone(),
                lane: Lane::Background,
                deadline: Instant::now() + PERMIT_WAIT,
                prepaid: Default::default(),
            };
            let answer = self
                .api
                .send(call)
                .await
                .map_err(|e| CallError::Unavailable(format!("ApiClientActor: {e}")))?;
            match answer {
                Err(CallError::RateLimited { retry_after }) => {
                    tokio::time::sleep(retry_after.min(MOST_WAIT)).await;
                }
                other => return other,
            }
        }
    }

    /// Sends the import; its code.
    pub async fn import(&self, request: ImportRequest, lease: &Lease) -> Result<String, CallError> {
        Ok(self.send(request, lease).await?.code)
    }

    /// The status of import `code`.
    pub async fn status(&self, code: &str, lease: &Lease) -> Result<ImportStatus, CallError> {
        let request = ImportGetRequest {
            code: code.to_owned(),
        };
        self.send(request, lease).await
    }

    /// Every contact of `list`: lower-cased e-mail → contact code, read in pages of
    /// `MAX_PAGE_SIZE` (10 000); the number of requests.
    pub async fn read_back(
        &self,
        list: &str,
        lease: &Lease,
    ) -> Result<(HashMap<String, String>, u32), CallError> {
        let mut codes = HashMap::new();
        let mut page = 1;
        loop {
            let request = ContactSearchRequest {
                page_number: page,
                page_size: MAX_PAGE_SIZE,
                ..ContactSearchRequest::new(list)
            };
            let answer = self.send(request, lease).await?;
            for contact in answer.items {
                if let Some(email) = contact.email {
                    codes.insert(email.trim().to_lowercase(), contact.code);
                }
            }
            if !answer.next {
                return Ok((codes, page));
            }
            page += 1;
        }
    }
}
