//! `Caller` and `AdminCaller` as extractors: the state's secret, roles and pool go to
//! `auth::authenticate`, and an `auth::Refusal` becomes the API's error (401 for the token, 400
//! for the company choice, 403 for access, 503 when the roles cannot be read).

use actix_web::dev::Payload;
use actix_web::http::StatusCode;
use actix_web::{FromRequest, HttpRequest, web};
use futures_util::future::LocalBoxFuture;

use super::{ApiError, AppState};
use crate::auth::{self, AdminCaller, Caller, Gate, Refusal};

impl FromRequest for Caller {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move { Ok(caller(&req).await?) })
    }
}

impl FromRequest for AdminCaller {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move { Ok(caller(&req).await?.admin()?) })
    }
}

async fn caller(req: &HttpRequest) -> Result<Caller, Refusal> {
    let state = req
        .app_data::<web::Data<AppState>>()
        .expect("AppState is registered");
    let gate = Gate {
        secret: state.config.jwt.secret.expose().as_bytes(),
        roles: &state.roles,
        db: &state.db,
    };
    auth::authenticate(req.headers(), gate).await
}

impl From<Refusal> for ApiError {
    fn from(refusal: Refusal) -> Self {
        let (status, code) = match &refusal {
            Refusal::Unauthorized(_) => (StatusCode::UNAUTHORIZED, "unauthorized"),
            Refusal::BadCompanyHeader => {
                return ApiError::validation(vec![("X-Company-Id".into(), refusal.to_string())]);
            }
            Refusal::CompanyRequired => (StatusCode::BAD_REQUEST, "company_required"),
            Refusal::NotListed(_) | Refusal::NotMember(_) | Refusal::NotAdmin => {
                (StatusCode::FORBIDDEN, "forbidden")
            }
            Refusal::RolesUnavailable(cause) => return ApiError::unavailable("PostgreSQL", cause),
        };
        ApiError::new(status, code, refusal.to_string()).pt(refusal.pt())
    }
}
