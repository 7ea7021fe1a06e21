-- The CRM's leads. Deletion is soft so that the sync can carry it to Dinamize.
CREATE TABLE crm_leads (
    id             BIGSERIAL PRIMARY KEY,
    company_id     BIGINT      NOT NULL REFERENCES crm_companies (id) ON DELETE CASCADE,
    name           TEXT,
    email          TEXT        NOT NULL,
    phone          TEXT,
    external_code  TEXT,
    custom_fields  JSONB       NOT NULL DEFAULT '{}'::jsonb,
    created_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    deleted_at     TIMESTAMPTZ
);
-- Listing a company's leads and the incremental sync ("changed since") both walk this index.
CREATE INDEX crm_leads_company_updated ON crm_leads (company_id, updated_at, id);
-- Finding a lead by e-mail within a company (deduplication, search).
CREATE INDEX crm_leads_company_email ON crm_leads (company_id, lower(email));
