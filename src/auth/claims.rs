//! The claims the CRM puts in its tokens: `sub` (a number, the user id), `email`, `role` (a
//! global role), `companyId` (a number, or null before a company is chosen), `companyIds`,
//! `exp`, `iat`; a login's short-lived token also carries `temp: true`.

use serde::{Deserialize, Deserializer, Serialize};

/// A CRM user's role in a company; admin routes need `Owner` or `Admin`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "UPPERCASE")]
pub enum Role {
    Owner,
    Admin,
    Manager,
    User,
}

impl Role {
    /// True for the roles that may use admin routes (`MANAGER` is not one).
    pub fn is_admin(self) -> bool {
        matches!(self, Role::Owner | Role::Admin)
    }
}

impl std::str::FromStr for Role {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_uppercase().as_str() {
            "OWNER" => Ok(Role::Owner),
            "ADMIN" => Ok(Role::Admin),
            "MANAGER" => Ok(Role::Manager),
            "USER" => Ok(Role::User),
            _ => Err(format!("unknown role {s:?}: OWNER, ADMIN, MANAGER or USER")),
        }
    }
}

/// The user a token speaks for: the CRM writes a number, older tokens a string.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Subject {
    Number(i64),
    Text(String),
}

impl std::fmt::Display for Subject {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Subject::Number(n) => write!(f, "{n}"),
            Subject::Text(s) => f.write_str(s),
        }
    }
}

impl From<i64> for Subject {
    fn from(id: i64) -> Self {
        Subject::Number(id)
    }
}

impl From<&str> for Subject {
    fn from(id: &str) -> Self {
        Subject::Text(id.into())
    }
}

/// The token's payload.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Claims {
    /// The user.
    pub sub: Subject,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// The global role; an unknown value counts as none (the CRM has not published its list).
    #[serde(default, deserialize_with = "lenient_role")]
    pub role: Option<Role>,
    /// The user's current company; null (or absent) before one is chosen.
    #[serde(rename = "companyId", default, deserialize_with = "optional_id")]
    pub company_id: Option<i64>,
    /// Every company the user may act for (`X-Company-Id` picks one).
    #[serde(rename = "companyIds", default, deserialize_with = "ids")]
    pub company_ids: Vec<i64>,
    /// Expiry, seconds since the epoch (required).
    pub exp: i64,
    /// Issued at (informative).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iat: Option<i64>,
    /// Not before: the token is refused until then, when present.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nbf: Option<i64>,
    /// True on the login's short-lived token, good only for choosing a company.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub temp: bool,
}

impl Claims {
    /// A token for `company_id` (also its only entry in `companyIds`), as the CRM issues it.
    pub fn for_company(
        sub: impl Into<Subject>,
        company_id: i64,
        role: Role,
        now: i64,
        ttl_secs: i64,
    ) -> Self {
        Self {
            sub: sub.into(),
            email: None,
            role: Some(role),
            company_id: Some(company_id),
            company_ids: vec![company_id],
            exp: now + ttl_secs,
            iat: Some(now),
            nbf: None,
            temp: false,
        }
    }

    /// True when the user may act for `company_id`.
    pub fn may_act_for(&self, company_id: i64) -> bool {
        self.company_id == Some(company_id) || self.company_ids.contains(&company_id)
    }
}

/// An id as the CRM may send it: a number or a numeric string.
#[derive(Deserialize)]
#[serde(untagged)]
enum Id {
    Number(i64),
    Text(String),
}

impl Id {
    fn value<E: serde::de::Error>(self) -> Result<i64, E> {
        match self {
            Id::Number(n) => Ok(n),
            Id::Text(s) => s
                .trim()
                .parse()
                .map_err(|_| E::custom(format!("{s:?} is not a company id"))),
        }
    }
}

fn optional_id<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    Option::<Id>::deserialize(d)?.map(Id::value).transpose()
}

fn ids<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<i64>, D::Error> {
    Option::<Vec<Id>>::deserialize(d)?
        .unwrap_or_default()
        .into_iter()
        .map(Id::value)
        .collect()
}

fn lenient_role<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Role>, D::Error> {
    let raw = Option::<serde_json::Value>::deserialize(d)?;
    Ok(raw.and_then(|v| v.as_str().and_then(|s| s.parse().ok())))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn read(payload: serde_json::Value) -> Claims {
        serde_json::from_value(payload).unwrap()
    }

    #[test]
    fn the_crms_payload_is_read_with_a_numeric_sub_and_numeric_companies() {
        let claims = read(
            json!({"sub": 42, "email": "ana@dwu.com.br", "role": "ADMIN",
            "companyId": 7, "companyIds": [7, 8], "exp": 2000, "iat": 1000}),
        );
        assert_eq!(claims.sub, Subject::Number(42));
        assert_eq!(
            (claims.company_id, claims.company_ids),
            (Some(7), vec![7, 8])
        );
        assert_eq!(claims.role, Some(Role::Admin));
        assert!(!claims.temp);
    }

    #[test]
    fn a_string_sub_string_ids_a_null_company_and_an_unknown_role_are_read() {
        let claims = read(json!({"sub": "u1", "role": "SUPERUSER", "companyId": null,
            "companyIds": ["7"], "exp": 1, "temp": true}));
        assert_eq!(claims.sub.to_string(), "u1");
        assert_eq!((claims.company_id, claims.company_ids), (None, vec![7]));
        assert_eq!(
            claims.role, None,
            "an unpublished global role grants nothing"
        );
        assert!(claims.temp);
    }

    #[test]
    fn manager_is_a_known_role_but_not_an_admin() {
        let manager: Role = "manager".parse().unwrap();
        assert_eq!(manager, Role::Manager);
        assert!(!manager.is_admin());
        assert!(Role::Owner.is_admin() && Role::Admin.is_admin() && !Role::User.is_admin());
    }
}
