//! `CRM_USER_COMPANIES_*`: where the CRM keeps each user's role in each company. Unset, the
//! token's global `role` decides, as before.

use std::time::Duration;

use super::ident::identifier;
use super::{ConfigError, Env, bounds};

/// The CRM's user–company table, read for the role of the caller in the chosen company.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserCompaniesTable {
    /// The schema: the one `CRM_USER_COMPANIES_TABLE` names (`schema.table`), else the CRM's
    /// (`?schema=` of `DATABASE_URL`), else `public`.
    pub schema: String,
    /// `CRM_USER_COMPANIES_TABLE`, e.g. `crm_user_companies`.
    pub table: String,
    /// `CRM_USER_COMPANIES_USER_COLUMN` (default `userId`): compared with the token's `sub`.
    pub user_column: String,
    /// `CRM_USER_COMPANIES_COMPANY_COLUMN` (default `companyId`).
    pub company_column: String,
    /// `CRM_USER_COMPANIES_ROLE_COLUMN` (default `role`): `OWNER`, `ADMIN`, `MANAGER` or `USER`.
    pub role_column: String,
}

/// How callers' roles are found.
#[derive(Debug, Clone)]
pub struct RolesConfig {
    /// `None`: the token's `role` decides.
    pub table: Option<UserCompaniesTable>,
    /// `CRM_ROLE_CACHE_MS` (default `5000`): how long a role read from the table is reused.
    pub cache_ttl: Duration,
}

impl RolesConfig {
    pub(super) fn from_env(env: &Env, crm_schema: Option<&str>) -> Result<Self, ConfigError> {
        let table = env
            .optional("CRM_USER_COMPANIES_TABLE")
            .map(|raw| table(env, &raw, crm_schema))
            .transpose()?;
        Ok(Self {
            table,
            cache_ttl: env.bounded_millis(&bounds::CRM_ROLE_CACHE_MS)?,
        })
    }
}

fn table(
    env: &Env,
    raw: &str,
    crm_schema: Option<&str>,
) -> Result<UserCompaniesTable, ConfigError> {
    const VAR: &str = "CRM_USER_COMPANIES_TABLE";
    let (schema, table) = match raw.split_once('.') {
        Some((schema, table)) => (identifier(VAR, schema)?, identifier(VAR, table)?),
        None => (
            crm_schema.unwrap_or("public").to_string(),
            identifier(VAR, raw)?,
        ),
    };
    let column = |var: &str, default: &str| identifier(var, &env.string(var, default));
    Ok(UserCompaniesTable {
        schema,
        table,
        user_column: column("CRM_USER_COMPANIES_USER_COLUMN", "userId")?,
        company_column: column("CRM_USER_COMPANIES_COMPANY_COLUMN", "companyId")?,
        role_column: column("CRM_USER_COMPANIES_ROLE_COLUMN", "role")?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(pairs: &[(&str, &str)], crm_schema: Option<&str>) -> Result<RolesConfig, ConfigError> {
        RolesConfig::from_env(&Env::from_pairs(pairs.iter().copied()), crm_schema)
    }

    #[test]
    fn unset_means_the_token_decides() {
        assert_eq!(read(&[], None).unwrap().table, None);
    }

    #[test]
    fn the_defaults_are_the_crms_documented_columns_in_the_crms_schema() {
        let roles = read(
            &[("CRM_USER_COMPANIES_TABLE", "crm_user_companies")],
            Some("dwu"),
        )
        .unwrap();
        let table = roles.table.unwrap();
        assert_eq!(
            (table.schema.as_str(), table.table.as_str()),
            ("dwu", "crm_user_companies")
        );
        assert_eq!(
            (
                table.user_column.as_str(),
                table.company_column.as_str(),
                table.role_column.as_str()
            ),
            ("userId", "companyId", "role")
        );
        let qualified = read(&[("CRM_USER_COMPANIES_TABLE", "other.uc")], Some("dwu")).unwrap();
        assert_eq!(qualified.table.unwrap().schema, "other");
    }

    #[test]
    fn a_name_that_is_not_an_identifier_is_refused_naming_its_variable() {
        let error = read(
            &[("CRM_USER_COMPANIES_TABLE", "uc\"; drop table x; --")],
            None,
        )
        .unwrap_err()
        .to_string();
        assert!(
            error.starts_with("CRM_USER_COMPANIES_TABLE: expected a SQL identifier"),
            "{error}"
        );
        let error = read(
            &[
                ("CRM_USER_COMPANIES_TABLE", "uc"),
                ("CRM_USER_COMPANIES_ROLE_COLUMN", "ro le"),
            ],
            None,
        )
        .unwrap_err()
        .to_string();
        assert!(
            error.starts_with("CRM_USER_COMPANIES_ROLE_COLUMN:"),
            "{error}"
        );
    }
}
