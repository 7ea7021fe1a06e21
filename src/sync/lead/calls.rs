//! The Dinamize calls of one job, through the `ApiClientActor` on the background lane. The
//! first request uses the permit the dispatcher took when it handed the job out; a later one
//! waits briefly for its own. A longer refusal ends the run as `RateLimited` and the queue
//! keeps the job (and its attempt) until the window frees.

use std::cell::Cell;
use std::time::{Duration, Instant};

use actix::Addr;

use crate::actors::api_client::{ApiClientActor, Call, CallError};
use crate::actors::rate_limiter::Lane;
use crate::dinamize::{
    ContactAddRequest, ContactDeleteRequest, ContactSearchRequest, ContactUpdateRequest,
    DinamizeCall, DinamizeError, ValidationKind,
};
use crate::sync::mapping::MappedContact;

/// How long a job's later request (the add after a search) may wait for a permit before the
/// job goes back to the queue instead: short, so that a worker is not held by one company,
/// and long enough that a job needing two requests does not repeat its first.
const LATER_CALL_WAIT: Duration = Duration::from_secs(2);

/// One job's calls for one company.
pub struct JobCalls {
    company_id: i64,
    api: Addr<ApiClientActor>,
    prepaid: Cell<Option<Instant>>,
}

impl JobCalls {
    /// Calls for `company_id`; `prepaid`: the permit the dispatcher took for the first, good
    /// for a request sent before then.
    pub fn new(company_id: i64, api: Addr<ApiClientActor>, prepaid: Option<Instant>) -> Self {
        Self {
            company_id,
            api,
            prepaid: Cell::new(prepaid),
        }
    }

    async fn send<C: DinamizeCall>(&self, request: C) -> Result<C::Response, CallError> {
        let prepaid = self.prepaid.take();
        let call = Call {
            company_id: self.company_id,
            request,
            lane: Lane::Background,
            // The first request never waits (its permit is held, or the job goes back at
            // once); a later one waits a little for the company's next slot.
            deadline: Instant::now()
                + if prepaid.is_some() {
                    Duration::ZERO
                } else {
                    LATER_CALL_WAIT
                },
            prepaid,
        };
        self.api
            .send(call)
            .await
            .map_err(|e| CallError::Unavailable(format!("ApiClientActor: {e}")))?
    }

    /// The code of the contact with `email` in `list`, if any.
    pub async fn find(&self, list: &str, email: &str) -> Result<Option<String>, CallError> {
        let page = self
            .send(ContactSearchRequest::by_email(list, email))
            .await?;
        Ok(page.items.into_iter().next().map(|c| c.code))
    }

    /// Adds `contact` to `list`; its new code.
    pub async fn add(&self, list: &str, contact: &MappedContact) -> Result<String, CallError> {
        let request = ContactAddRequest {
            email: contact.email.clone(),
            name: contact.name.clone(),
            contact_list_code: list.to_owned(),
            custom_fields: contact.custom_fields.clone(),
            external_code: Some(contact.external_code.clone()),
            date_rest: None,
        };
        Ok(self.send(request).await?.code)
    }

    /// Makes contact `code` of `list` hold `contact`.
    pub async fn update(
        &self,
        code: &str,
        list: &str,
        contact: &MappedContact,
    ) -> Result<(), CallError> {
        let request = ContactUpdateRequest {
            contact_code: code.to_owned(),
            contact_list_code: list.to_owned(),
            email: Some(contact.email.clone()),
            name: contact.name.clone(),
            custom_fields: contact.custom_fields.clone(),
            external_code: Some(contact.external_code.clone()),
        };
        self.send(request).await.map(drop)
    }

    /// Removes contact `code` from `list`.
    pub async fn delete(&self, code: &str, list: &str) -> Result<(), CallError> {
        self.send(ContactDeleteRequest::new(code, list))
            .await
            .map(drop)
    }
}

/// Whether Dinamize answered that the contact does not exist.
pub fn is_refusal(error: &CallError, kind: ValidationKind) -> bool {
    matches!(error, CallError::Dinamize(DinamizeError::Validation { kind: k, .. }) if *k == kind)
}
