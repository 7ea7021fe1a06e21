//! Why a caller is turned away: auth's own error, with its reason in English (`Display`) and
//! Portuguese ([`Refusal::pt`]). It names no HTTP type: `http` decides each one's status and
//! code (401, 400, 403, 503) when it answers.

use thiserror::Error;

use super::AuthError;
use crate::db::DbError;

/// A caller refused, and why.
#[derive(Debug, Error)]
pub enum Refusal {
    /// No valid token.
    #[error("{0}")]
    Unauthorized(AuthError),
    /// `X-Company-Id` is not a company id.
    #[error("must be a company id (a whole number)")]
    BadCompanyHeader,
    /// Neither `X-Company-Id` nor the token's `companyId` chooses a company.
    #[error(
        "choose a company: send X-Company-Id, or sign in to a company (the token's companyId is null)"
    )]
    CompanyRequired,
    /// The token does not list the company.
    #[error("the token does not grant access to company {0}")]
    NotListed(i64),
    /// The CRM places the user in no role in the company.
    #[error("the user has no role in company {0}")]
    NotMember(i64),
    /// The route needs OWNER or ADMIN.
    #[error("this route needs role OWNER or ADMIN in the company")]
    NotAdmin,
    /// The roles could not be read (the CRM's user–company table).
    #[error("roles unavailable: {0}")]
    RolesUnavailable(DbError),
}

impl Refusal {
    /// The reason in Portuguese.
    pub fn pt(&self) -> String {
        match self {
            Refusal::Unauthorized(error) => error.pt(),
            Refusal::BadCompanyHeader => "deve ser um id de empresa (um número inteiro)".into(),
            Refusal::CompanyRequired => "escolha uma empresa: envie X-Company-Id ou entre em uma empresa (o companyId do token é nulo)".into(),
            Refusal::NotListed(company) => format!("o token não dá acesso à empresa {company}"),
            Refusal::NotMember(company) => format!("o usuário não tem papel na empresa {company}"),
            Refusal::NotAdmin => "esta rota exige o papel OWNER ou ADMIN na empresa".into(),
            Refusal::RolesUnavailable(_) => "indisponível: PostgreSQL".into(),
        }
    }
}
