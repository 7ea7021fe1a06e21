//! `GET /api/leads?page=&limit=&sync_status=&updated_since=&include_deleted=`.

use actix_web::{HttpResponse, get, web};

use super::query::LeadFilters;
use super::view::LeadView;
use super::{answers, docs};
use crate::auth::Caller;
use crate::http::page::{Page, PageQuery, page_and_filters};
use crate::http::{ApiError, AppState};
use crate::leads;

/// The caller's company's leads, newest change first (`updated_at DESC, id DESC`).
#[utoipa::path(
    get, path = "/api/leads", tag = "leads",
    params(PageQuery, LeadFilters),
    responses(
        (status = 200, description = "One page of leads", body = Page<LeadView>),
        docs::LeadErrors,
    ),
    security(("bearer" = []))
)]
#[get("/api/leads")]
pub async fn list_leads(
    state: web::Data<AppState>,
    caller: Caller,
    page: web::Query<PageQuery>,
    filters: web::Query<LeadFilters>,
) -> Result<HttpResponse, ApiError> {
    let (page, filter) = page_and_filters(page.read(), filters.read())?;
    let (rows, total) = leads::list(
        &state.db,
        caller.company_id,
        &filter,
        page.offset(),
        page.limit(),
    )
    .await
    .map_err(answers::db)?;
    let items = rows.into_iter().map(LeadView::from).collect();
    Ok(HttpResponse::Ok().json(Page::new(items, page, total)))
}
