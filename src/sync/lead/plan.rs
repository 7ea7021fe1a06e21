//! What a lead sync job must do, decided from its context alone (a pure function).

use super::context::LeadContext;
use crate::accounts::FieldMapping;
use crate::sync::job::Synced;
use crate::sync::mapping::{LeadFields, MappedContact};

/// The job's plan.
#[derive(Debug, Clone, PartialEq)]
pub enum Plan {
    /// The company cannot sync (no account, no list): fail without retrying.
    NotConfigured(String),
    /// Nothing to send: the contact already holds this state (or never existed).
    Nothing(Synced),
    /// Remove the contact: by its code, else found by its last e-mail.
    Delete {
        code: Option<String>,
        list: String,
        email: Option<String>,
    },
    /// Make the contact hold `contact`: update by code, else search by e-mail, else add.
    Upsert {
        code: Option<String>,
        list: String,
        contact: MappedContact,
        fingerprint: String,
    },
}

/// Decides the plan for `ctx`.
pub fn plan(ctx: &LeadContext) -> Plan {
    if !ctx.live {
        return plan_delete(ctx);
    }
    if !ctx.has_account {
        return Plan::NotConfigured(format!(
            "company {} has no active Dinamize account",
            ctx.company_id
        ));
    }
    let Some(list) = ctx.default_list_code.clone().filter(|l| !l.is_empty()) else {
        return Plan::NotConfigured(format!(
            "company {} has no default list code (set default_list_code on its account)",
            ctx.company_id
        ));
    };
    let mapping = ctx
        .field_mapping
        .as_ref()
        .map(FieldMapping::from_stored)
        .unwrap_or_default();
    let contact = MappedContact::of(&lead_fields(ctx), &mapping);
    let fingerprint = contact.fingerprint();
    let same_list = ctx.synced_list.as_deref() == Some(list.as_str());
    let code = ctx.contact_code.clone().filter(|_| same_list);
    if code.is_some() && ctx.synced_fingerprint.as_deref() == Some(fingerprint.as_str()) {
        return Plan::Nothing(Synced {
            contact_code: code,
            list_code: Some(list),
            fingerprint: Some(fingerprint),
            call: None,
        });
    }
    Plan::Upsert {
        code,
        list,
        contact,
        fingerprint,
    }
}

fn plan_delete(ctx: &LeadContext) -> Plan {
    let list = ctx
        .synced_list
        .clone()
        .or_else(|| ctx.default_list_code.clone());
    let email = ctx.last_email.clone().filter(|e| !e.trim().is_empty());
    match list {
        Some(list) if ctx.contact_code.is_some() || email.is_some() => {
            if !ctx.has_account {
                return Plan::NotConfigured(format!(
                    "company {} has no active Dinamize account",
                    ctx.company_id
                ));
            }
            Plan::Delete {
                code: ctx.contact_code.clone(),
                list,
                email,
            }
        }
        _ => Plan::Nothing(Synced::default()),
    }
}

fn lead_fields(ctx: &LeadContext) -> LeadFields {
    LeadFields {
        id: ctx.lead_id,
        email: ctx.email.clone().unwrap_or_default(),
        name: ctx.name.clone(),
        phone: ctx.phone.clone(),
        external_code: ctx.external_code.clone(),
        custom_fields: ctx.custom_fields.clone().unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx() -> LeadContext {
        LeadContext::sample("a@example.com")
    }

    #[test]
    fn a_new_lead_is_upserted_without_a_code() {
        assert!(matches!(plan(&ctx()), Plan::Upsert { code: None, .. }));
    }

    #[test]
    fn an_unchanged_lead_makes_no_call_and_a_changed_one_updates_by_code() {
        let Plan::Upsert { fingerprint, .. } = plan(&ctx()) else {
            panic!()
        };
        let synced = LeadContext {
            contact_code: Some("c9".into()),
            synced_list: Some("1".into()),
            synced_fingerprint: Some(fingerprint),
            ..ctx()
        };
        assert!(matches!(plan(&synced), Plan::Nothing(_)));
        let renamed = LeadContext {
            name: Some("B".into()),
            ..synced.clone()
        };
        assert!(matches!(plan(&renamed), Plan::Upsert { code: Some(c), .. } if c == "c9"));
        let moved = LeadContext {
            default_list_code: Some("2".into()),
            ..synced
        };
        assert!(matches!(plan(&moved), Plan::Upsert { code: None, list, .. } if list == "2"));
    }

    #[test]
    fn a_company_without_a_list_or_an_account_is_not_configured() {
        let no_list = LeadContext {
            default_list_code: None,
            ..ctx()
        };
        assert!(matches!(plan(&no_list), Plan::NotConfigured(r) if r.contains("default list")));
        let no_account = LeadContext {
            has_account: false,
            ..ctx()
        };
        assert!(matches!(plan(&no_account), Plan::NotConfigured(_)));
    }

    #[test]
    fn a_deleted_lead_is_removed_by_code_or_by_its_last_email() {
        let gone = LeadContext {
            live: false,
            email: None,
            contact_code: Some("c9".into()),
            synced_list: Some("3".into()),
            ..ctx()
        };
        assert!(matches!(plan(&gone), Plan::Delete { code: Some(_), list, .. } if list == "3"));
        let never_synced = LeadContext {
            live: false,
            ..ctx()
        };
        assert!(matches!(
            plan(&never_synced),
            Plan::Delete {
                code: None,
                email: Some(_),
                ..
            }
        ));
        let nothing_known = LeadContext {
            last_email: None,
            ..never_synced
        };
        assert!(matches!(plan(&nothing_known), Plan::Nothing(_)));
    }
}
