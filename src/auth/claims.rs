//! The claims the CRM puts in its tokens: `sub`, `companyId`, `companyIds`, `role`, `exp`.

use serde::{Deserialize, Deserializer, Serialize};

/// A CRM user's role; admin routes need `Owner` or `Admin`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "UPPERCASE")]
pub enum Role {
    Owner,
    Admin,
    Manager,
    User,
}

impl Role {
    /// True for the roles that may use admin routes.
    pub fn is_admin(self) -> bool {
        matches!(self, Role::Owner | Role::Admin)
    }
}

impl std::str::FromStr for Role {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_uppercase().as_str() {
            "OWNER" => Ok(Role::Owner),
            "ADMIN" => Ok(Role::Admin),
            "MANAGER" => Ok(Role::Manager),
            "USER" => Ok(Role::User),
            _ => Err(format!("unknown role {s:?}: OWNER, ADMIN, MANAGER or USER")),
        }
    }
}

/// The token's payload.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Claims {
    /// The user.
    pub sub: String,
    /// The user's current company.
    #[serde(rename = "companyId", deserialize_with = "id")]
    pub company_id: i64,
    /// Every company the user may act for (`X-Company-Id` picks one).
    #[serde(rename = "companyIds", default, deserialize_with = "ids")]
    pub company_ids: Vec<i64>,
    pub role: Role,
    /// Expiry, seconds since the epoch (required).
    pub exp: i64,
}

impl Claims {
    /// True when the user may act for `company_id`.
    pub fn may_act_for(&self, company_id: i64) -> bool {
        self.company_id == company_id || self.company_ids.contains(&company_id)
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

fn id<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    Id::deserialize(d)?.value()
}

fn ids<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<i64>, D::Error> {
    Vec::<Id>::deserialize(d)?
        .into_iter()
        .map(Id::value)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn company_ids_may_be_numbers_or_strings() {
        let claims: Claims = serde_json::from_value(serde_json::json!({
            "sub": "u1", "companyId": "7", "companyIds": [7, "8"], "role": "ADMIN", "exp": 1
        }))
        .unwrap();
        assert_eq!((claims.company_id, claims.company_ids), (7, vec![7, 8]));
        assert!(claims.role.is_admin());
    }
}
