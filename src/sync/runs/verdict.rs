//! What a lead's job would do, read off the pure `plan()` without sending anything: the dry
//! run's arithmetic.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::ToSchema;

use crate::sync::lead::{LeadContext, Plan, plan};

/// One lead's expected outcome.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// An add (unless Dinamize already holds the e-mail: the job then updates that contact).
    Create,
    /// An update of the stored contact.
    Update,
    /// A removal of the contact.
    Delete,
    /// No call: the contact already holds this state.
    Unchanged,
    /// The job would fail without retrying: the reason.
    Invalid(String),
}

/// What the job of `ctx` would do.
pub fn verdict(ctx: &LeadContext) -> Verdict {
    match plan(ctx) {
        Plan::NotConfigured(reason) => Verdict::Invalid(reason),
        Plan::Nothing(_) => Verdict::Unchanged,
        Plan::Delete { .. } => Verdict::Delete,
        Plan::Upsert { contact, .. } if !is_address(&contact.email) => {
            Verdict::Invalid(format!("{:?} is not an e-mail address", contact.email))
        }
        Plan::Upsert { code: None, .. } => Verdict::Create,
        Plan::Upsert { code: Some(_), .. } => Verdict::Update,
    }
}

/// The check the API applies to a lead's e-mail (leads written with SQL may skip it).
fn is_address(email: &str) -> bool {
    let value = Value::String(email.to_owned());
    crate::http::contacts::fields::email("email", Some(&value)).is_ok()
}

/// A lead a dry run found invalid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct InvalidLead {
    pub lead_id: i64,
    pub email: Option<String>,
    /// Why its job would fail.
    pub reason: String,
}

/// A dry run's counts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tally {
    pub create: i32,
    pub update: i32,
    pub delete: i32,
    pub unchanged: i32,
    pub invalid: i32,
    /// The first invalid leads (at most `limit` of them are kept).
    pub invalid_leads: Vec<InvalidLead>,
}

impl Tally {
    /// Counts `ctx`, keeping at most `limit` invalid leads listed.
    pub fn add(&mut self, ctx: &LeadContext, limit: usize) {
        match verdict(ctx) {
            Verdict::Create => self.create += 1,
            Verdict::Update => self.update += 1,
            Verdict::Delete => self.delete += 1,
            Verdict::Unchanged => self.unchanged += 1,
            Verdict::Invalid(reason) => {
                self.invalid += 1;
                if self.invalid_leads.len() < limit {
                    self.invalid_leads.push(InvalidLead {
                        lead_id: ctx.lead_id,
                        email: ctx.email.clone(),
                        reason,
                    });
                }
            }
        }
    }

    /// Leads counted.
    pub fn total(&self) -> i32 {
        self.create + self.update + self.delete + self.unchanged + self.invalid
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx(email: &str) -> LeadContext {
        LeadContext::sample(email)
    }

    #[test]
    fn each_plan_is_counted_once_and_invalid_leads_are_listed_up_to_the_limit() {
        let mut tally = Tally::default();
        tally.add(&ctx("a@example.com"), 1);
        let coded = LeadContext {
            contact_code: Some("c1".into()),
            synced_list: Some("1".into()),
            ..ctx("b@example.com")
        };
        tally.add(&coded, 1);
        tally.add(&ctx("not an address"), 1);
        let no_list = LeadContext {
            default_list_code: None,
            ..ctx("c@example.com")
        };
        tally.add(&no_list, 1);
        tally.add(
            &LeadContext {
                live: false,
                ..ctx("d@example.com")
            },
            1,
        );
        assert_eq!((tally.create, tally.update, tally.delete), (1, 1, 1));
        assert_eq!((tally.unchanged, tally.invalid, tally.total()), (0, 2, 5));
        assert_eq!(tally.invalid_leads.len(), 1);
        assert!(tally.invalid_leads[0].reason.contains("not an e-mail"));
    }

    #[test]
    fn a_lead_whose_contact_holds_its_state_is_unchanged() {
        let Plan::Upsert { fingerprint, .. } = plan(&ctx("a@example.com")) else {
            panic!("a new lead is upserted")
        };
        let synced = LeadContext {
            contact_code: Some("c1".into()),
            synced_list: Some("1".into()),
            synced_fingerprint: Some(fingerprint),
            ..ctx("a@example.com")
        };
        assert_eq!(verdict(&synced), Verdict::Unchanged);
    }
}
