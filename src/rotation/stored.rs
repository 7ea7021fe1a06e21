//! The PostgreSQL side of a rotation: account passwords (`crm_dinamize_accounts`) and token
//! rows (`crm_auth_tokens`). Each row is rewritten by compare-and-set on its old ciphertext, so
//! a value changed meanwhile (new token, new password) is left as written.

use std::collections::BTreeSet;

use diesel::prelude::*;
use diesel_async::RunQueryDsl;

use crate::crypto::{Envelope, Keyring, Purpose};
use crate::db::schema::{crm_auth_tokens as t, crm_dinamize_accounts as a};
use crate::db::{DbError, DbPool};

use super::report::{RotateError, RotationReport};

/// Token rows read per query.
const PAGE: i64 = 500;

pub(super) async fn rotate_passwords(
    db: &DbPool,
    keyring: &Keyring,
    report: &mut RotationReport,
) -> Result<(), RotateError> {
    let mut conn = db.get().await.map_err(DbError::from)?;
    let rows: Vec<(i64, String)> = a::table
        .select((a::company_id, a::password_encrypted))
        .order(a::company_id)
        .load(&mut conn)
        .await?;
    for (company_id, old) in rows {
        match keyring.reencrypt(company_id, Purpose::Password, &old) {
            Ok(None) => report.already_current += 1,
            Ok(Some(new)) => {
                diesel::update(
                    a::table.filter(
                        a::company_id
                            .eq(company_id)
                            .and(a::password_encrypted.eq(&old)),
                    ),
                )
                .set((
                    a::password_encrypted.eq(new),
                    a::updated_at.eq(diesel::dsl::now),
                ))
                .execute(&mut conn)
                .await?;
                report.passwords += 1;
            }
            Err(e) => report
                .failures
                .push(format!("crm_dinamize_accounts company {company_id}: {e}")),
        }
    }
    Ok(())
}

/// Re-encrypts every token row; returns the companies that have tokens.
pub(super) async fn rotate_tokens(
    db: &DbPool,
    keyring: &Keyring,
    report: &mut RotationReport,
) -> Result<BTreeSet<i64>, RotateError> {
    let mut conn = db.get().await.map_err(DbError::from)?;
    let mut companies = BTreeSet::new();
    let mut after = 0i64;
    loop {
        let rows: Vec<(i64, i64, String)> = t::table
            .filter(t::id.gt(after))
            .order(t::id)
            .limit(PAGE)
            .select((t::id, t::company_id, t::token_encrypted))
            .load(&mut conn)
            .await?;
        let Some(last) = rows.last() else { break };
        after = last.0;
        for (id, company_id, old) in rows {
            companies.insert(company_id);
            match keyring.reencrypt(company_id, Purpose::Token, &old) {
                Ok(None) => report.already_current += 1,
                Ok(Some(new)) => {
                    let key_id = Envelope::key_id_of(&new)
                        .unwrap_or(keyring.current_key_id())
                        .to_owned();
                    diesel::update(t::table.filter(t::id.eq(id).and(t::token_encrypted.eq(&old))))
                        .set((t::token_encrypted.eq(new), t::key_id.eq(key_id)))
                        .execute(&mut conn)
                        .await?;
                    report.tokens += 1;
                }
                Err(e) => report.failures.push(format!("crm_auth_tokens {id}: {e}")),
            }
        }
    }
    Ok(companies)
}
