-- Where each lead stands in each Dinamize list.
CREATE TABLE crm_lead_sync (
    id                       BIGSERIAL PRIMARY KEY,
    company_id               BIGINT      NOT NULL REFERENCES crm_companies (id) ON DELETE CASCADE,
    lead_id                  BIGINT      NOT NULL REFERENCES crm_leads (id) ON DELETE CASCADE,
    list_code                TEXT        NOT NULL,
    contact_code             TEXT,
    status                   TEXT        NOT NULL DEFAULT 'pending'
                             CHECK (status IN ('pending', 'synced', 'failed')),
    last_sync_at             TIMESTAMPTZ,
    last_successful_sync_at  TIMESTAMPTZ,
    -- Hash of the mapped fields last accepted by Dinamize: no call when it has not changed.
    synced_fingerprint       TEXT,
    error_count              INTEGER     NOT NULL DEFAULT 0,
    last_error               TEXT,
    created_at               TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at               TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (lead_id, list_code)
);
CREATE INDEX crm_lead_sync_company_status ON crm_lead_sync (company_id, status);
