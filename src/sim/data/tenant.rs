//! One client code's data: its lists, fields and contacts, and the contact operations the
//! routes call (add, get, update, delete, search, seed), pure functions of the request and `now`.

use super::contact::{Contact, is_valid_email};
use super::patch::ContactPatch;
use super::search::{Filter, OrderKey, RestFilter, sort};
use crate::sim::config::DuplicatePolicy;
use crate::sim::envelope::Fail;
use crate::sim::layout::{FieldSeed, ListSeed};
use chrono::{DateTime, Utc};
use serde_json::{Value, json};
use std::collections::BTreeMap;

/// The data of one client code.
#[derive(Debug, Clone)]
pub struct Tenant {
    pub lists: BTreeMap<u64, String>,
    pub fields: Vec<FieldSeed>,
    pub contacts: BTreeMap<u64, Contact>,
    pub imports: BTreeMap<u64, super::import::ImportJob>,
    next_contact: u64,
    pub(super) next_import: u64,
}

impl Tenant {
    /// A tenant holding these lists and fields and no contacts.
    pub fn seeded(lists: &[ListSeed], fields: &[FieldSeed]) -> Self {
        Self {
            lists: lists.iter().map(|l| (l.code, l.title.clone())).collect(),
            fields: fields.to_vec(),
            contacts: BTreeMap::new(),
            imports: BTreeMap::new(),
            next_contact: 1,
            next_import: 1,
        }
    }

    /// Whether `cmp<code>` is a field of this tenant.
    pub fn has_field(&self, code: u32) -> bool {
        self.fields.iter().any(|f| f.code == code)
    }

    /// Fails unless the list exists.
    pub fn check_list(&self, list: u64) -> Result<(), Fail> {
        self.lists
            .contains_key(&list)
            .then_some(())
            .ok_or(Fail::ListNotFound)
    }

    fn email_taken(&self, list: u64, email: &str, except: Option<u64>) -> bool {
        self.contacts.values().any(|c| {
            c.list_code == list && Some(c.code) != except && c.email.eq_ignore_ascii_case(email)
        })
    }

    /// Adds a contact; the e-mail is required and checked, duplicates follow `policy`.
    pub fn add(
        &mut self,
        list: u64,
        patch: ContactPatch,
        policy: DuplicatePolicy,
        now: DateTime<Utc>,
    ) -> Result<u64, Fail> {
        self.check_list(list)?;
        let email = patch
            .email
            .clone()
            .ok_or_else(|| Fail::invalid("email is required"))?;
        if !is_valid_email(&email) {
            return Err(Fail::InvalidEmail);
        }
        if policy == DuplicatePolicy::Reject && self.email_taken(list, &email, None) {
            return Err(Fail::Duplicate);
        }
        Ok(self.insert(list, patch, now))
    }

    pub(super) fn insert(&mut self, list: u64, patch: ContactPatch, now: DateTime<Utc>) -> u64 {
        let code = self.next_contact;
        self.next_contact += 1;
        let mut contact = Contact::new(code, list, "", now);
        patch.apply(&mut contact);
        self.contacts.insert(code, contact);
        code
    }

    /// One contact of the list.
    pub fn get(&self, list: u64, code: u64) -> Result<&Contact, Fail> {
        self.check_list(list)?;
        self.contacts
            .get(&code)
            .filter(|c| c.list_code == list)
            .ok_or(Fail::NotFound)
    }

    /// Changes the given fields of a contact, keeping the others.
    pub fn update(
        &mut self,
        list: u64,
        code: u64,
        patch: ContactPatch,
        policy: DuplicatePolicy,
    ) -> Result<(), Fail> {
        self.get(list, code)?;
        if let Some(email) = &patch.email {
            if !is_valid_email(email) {
                return Err(Fail::InvalidEmail);
            }
            if policy == DuplicatePolicy::Reject && self.email_taken(list, email, Some(code)) {
                return Err(Fail::Duplicate);
            }
        }
        if let Some(contact) = self.contacts.get_mut(&code) {
            patch.apply(contact);
        }
        Ok(())
    }

    /// Removes a contact.
    pub fn delete(&mut self, list: u64, code: u64) -> Result<(), Fail> {
        self.get(list, code)?;
        self.contacts.remove(&code);
        Ok(())
    }

    /// The contacts of the list that match, in order.
    pub fn search(
        &self,
        list: u64,
        filters: &[Filter],
        order: &[OrderKey],
        rest: RestFilter,
        now: DateTime<Utc>,
    ) -> Result<Vec<&Contact>, Fail> {
        self.check_list(list)?;
        let mut found: Vec<&Contact> = self
            .contacts
            .values()
            .filter(|c| c.list_code == list && rest.admits(c, now))
            .filter(|c| filters.iter().all(|f| f.matches(c)))
            .collect();
        sort(&mut found, order);
        Ok(found)
    }

    /// The contact with this e-mail in the list, if any (the import's upsert key).
    pub fn find_by_email(&self, list: u64, email: &str) -> Option<u64> {
        self.contacts
            .values()
            .find(|c| c.list_code == list && c.email.eq_ignore_ascii_case(email))
            .map(|c| c.code)
    }

    /// Writes an import row: updates the contact with that e-mail or adds one; `true` if added.
    pub fn upsert(&mut self, list: u64, patch: ContactPatch, now: DateTime<Utc>) -> bool {
        let email = patch.email.clone().unwrap_or_default();
        match self.find_by_email(list, &email) {
            Some(code) => {
                if let Some(contact) = self.contacts.get_mut(&code) {
                    patch.apply(contact);
                }
                false
            }
            None => {
                self.insert(list, patch, now);
                true
            }
        }
    }

    /// Adds `count` made-up contacts (`seed-<code>@sim.test`) to the list.
    pub fn seed(&mut self, list: u64, count: u64, now: DateTime<Utc>) -> Result<Vec<u64>, Fail> {
        self.check_list(list)?;
        let origins = self
            .fields
            .iter()
            .find(|f| f.is_list_of_values() && !f.options.is_empty());
        let origins =
            origins.map(|f| (f.code, f.options.iter().map(|o| o.code).collect::<Vec<_>>()));
        let codes = (0..count)
            .map(|_| {
                let n = self.next_contact;
                let mut patch = ContactPatch {
                    email: Some(format!("seed-{n}@sim.test")),
                    name: Some(format!("Seed Contact {n}")),
                    external_code: Some(format!("ext-{n}")),
                    ..Default::default()
                };
                if let Some((code, options)) = &origins {
                    let option = options[(n % options.len() as u64) as usize];
                    patch
                        .custom_fields
                        .insert(format!("cmp{code}"), json!(option.to_string()));
                }
                self.insert(list, patch, now)
            })
            .collect();
        Ok(codes)
    }

    /// The list's contacts as JSON items, by code.
    pub fn contacts_json(&self, list: u64) -> Vec<Value> {
        self.contacts
            .values()
            .filter(|c| c.list_code == list)
            .map(Contact::to_json)
            .collect()
    }
}
