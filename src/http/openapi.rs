//! `GET /api/openapi.json`, generated from the handlers' annotations (utoipa), and
//! `/api/docs/` rendering it with a Swagger UI served from the binary (nothing fetched online).

use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};
use utoipa_swagger_ui::SwaggerUi;

use super::account::{self, view::AccountView};
use super::contacts::{self, docs, views};
use super::error_doc::{ErrorBody, ErrorDetails, FieldError};
use super::leads::{self, docs as lead_docs, view as lead_views};
use super::page::{Page, Pagination};
use super::schemas::LeadFieldValue;
use super::sync::{self, docs as sync_docs, views as sync_views};
use super::{health, ready};
use crate::auth::Role;
use crate::sync::admin::JobRecord;
use crate::sync::runs::InvalidLead;

/// The API's document.
#[derive(OpenApi)]
#[openapi(
    info(title = "dinamize-sync", description = "Keeps the DWU CRM's leads in step with Dinamize contact lists."),
    paths(
        health::health, ready::ready,
        contacts::search_contacts, contacts::create_contact, contacts::get_contact, contacts::update_contact, contacts::delete_contact,
        account::get_account, account::put_account,
        leads::create_lead, leads::list_leads, leads::get_lead, leads::update_lead, leads::delete_lead,
        sync::sync_lead, sync::start_run, sync::list_runs, sync::get_run, sync::queue_stats,
        sync::list_jobs, sync::retry_job, sync::retry_failed,
    ),
    components(schemas(
        AccountView,
        docs::SearchRequest, docs::CreateRequest, docs::UpdateRequest, docs::SearchCondition,
        docs::SortKey, ErrorBody, ErrorDetails, FieldError, views::ContactView, views::ContactPage,
        views::CreatedContact, views::ContactChange, Role,
        lead_docs::CreateLeadRequest, lead_docs::PatchLeadRequest, LeadFieldValue, lead_views::LeadView,
        lead_views::SyncView, Pagination, Page<lead_views::LeadView>,
        sync_docs::StartRunRequest, sync_views::RunView, sync_views::DryRunCounts,
        sync_views::ImportProgress,
        sync_views::StatsView, sync_views::LimiterUse, sync_views::RetriedView, JobRecord,
        InvalidLead, Page<sync_views::RunView>, Page<JobRecord>,
    )),
    modifiers(&BearerAuth),
    tags(
        (name = "contacts", description = "Dinamize contacts of the caller's company"),
        (name = "leads", description = "The CRM's leads of the caller's company, each with its sync"),
        (name = "sync", description = "Sync operations (OWNER or ADMIN): one lead now, resync runs, the queue, retries"),
    ),
)]
pub struct ApiDoc;

/// Declares the CRM's JWT as the `bearer` scheme the routes refer to.
struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        let scheme = HttpBuilder::new()
            .scheme(HttpAuthScheme::Bearer)
            .bearer_format("JWT")
            .description(Some("The CRM's HS256 JWT: sub, companyId, companyIds, role, exp. X-Company-Id selects a company."))
            .build();
        components.add_security_scheme("bearer", SecurityScheme::Http(scheme));
    }
}

/// The document at `/api/openapi.json` and the page at `/api/docs/`.
pub fn service() -> SwaggerUi {
    SwaggerUi::new("/api/docs/{_:.*}").url("/api/openapi.json", ApiDoc::openapi())
}
