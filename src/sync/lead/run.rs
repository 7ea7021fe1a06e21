//! Carrying out a plan: at most a few calls, each a possible end of the run. A create looks
//! for the contact first (stored code, then its e-mail), so a create retried after a lost
//! answer, a crash or a redelivery updates the contact it made instead of adding a second.

use super::calls::{JobCalls, is_refusal};
use super::plan::Plan;
use crate::actors::api_client::CallError;
use crate::dinamize::ValidationKind;
use crate::sync::job::{CallRecord, JobError, JobOutcome, Synced};
use crate::sync::mapping::MappedContact;

/// Runs `plan` with `calls`.
pub async fn execute(plan: Plan, calls: &JobCalls) -> JobOutcome {
    let result = match plan {
        Plan::NotConfigured(reason) => {
            return JobOutcome::Failed(JobError::NotConfigured(reason));
        }
        Plan::Nothing(synced) => return JobOutcome::Synced(synced),
        Plan::Delete { code, list, email } => delete(calls, code, &list, email).await,
        Plan::Upsert {
            code,
            list,
            contact,
            fingerprint,
        } => upsert(calls, code, &list, &contact)
            .await
            .map(|(code, detail)| Synced {
                contact_code: Some(code),
                list_code: Some(list),
                fingerprint: Some(fingerprint),
                call: Some(success(detail)),
            }),
    };
    match result {
        Ok(synced) => JobOutcome::Synced(synced),
        Err(CallError::RateLimited { retry_after }) => JobOutcome::RateLimited { retry_after },
        Err(CallError::Misconfigured { reason }) => {
            JobOutcome::Failed(JobError::NotConfigured(reason))
        }
        Err(CallError::Dinamize(error)) => JobOutcome::Failed(JobError::Dinamize(error)),
        Err(CallError::Unavailable(reason)) => JobOutcome::Failed(JobError::Unavailable(reason)),
    }
}

/// The contact's code and what was done.
async fn upsert(
    calls: &JobCalls,
    code: Option<String>,
    list: &str,
    contact: &MappedContact,
) -> Result<(String, String), CallError> {
    if let Some(code) = code {
        match calls.update(&code, list, contact).await {
            Ok(()) => return Ok((code.clone(), format!("updated contact {code}"))),
            // Removed on Dinamize's side: make it again.
            Err(e) if is_refusal(&e, ValidationKind::NotFound) => {}
            Err(e) => return Err(e),
        }
    }
    if let Some(code) = calls.find(list, &contact.email).await? {
        calls.update(&code, list, contact).await?;
        return Ok((
            code.clone(),
            format!("updated contact {code} found by e-mail"),
        ));
    }
    match calls.add(list, contact).await {
        Ok(code) => Ok((code.clone(), format!("created contact {code}"))),
        // Someone added it meanwhile (or Dinamize's search lags): update that one.
        Err(e) if is_refusal(&e, ValidationKind::DuplicateContact) => {
            let code = calls.find(list, &contact.email).await?.ok_or(e)?;
            calls.update(&code, list, contact).await?;
            Ok((code.clone(), format!("updated duplicate contact {code}")))
        }
        Err(e) => Err(e),
    }
}

async fn delete(
    calls: &JobCalls,
    code: Option<String>,
    list: &str,
    email: Option<String>,
) -> Result<Synced, CallError> {
    let code = match code {
        Some(code) => Some(code),
        None => match &email {
            Some(email) => calls.find(list, email).await?,
            None => None,
        },
    };
    let detail = match code {
        Some(code) => match calls.delete(&code, list).await {
            Ok(()) => format!("deleted contact {code}"),
            Err(e) if is_refusal(&e, ValidationKind::NotFound) => {
                format!("contact {code} was already gone")
            }
            Err(e) => return Err(e),
        },
        None => "no contact to delete".to_owned(),
    };
    Ok(Synced {
        call: Some(success(detail)),
        ..Synced::default()
    })
}

fn success(detail: String) -> CallRecord {
    CallRecord {
        response_code: Some(crate::dinamize::codes::SUCCESS.to_owned()),
        detail,
        request_unique: None,
    }
}
