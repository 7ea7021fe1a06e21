-- One row per attempt of a sync job.
CREATE TABLE crm_sync_logs (
    id                BIGSERIAL PRIMARY KEY,
    company_id        BIGINT      NOT NULL REFERENCES crm_companies (id) ON DELETE CASCADE,
    queue_id          BIGINT      REFERENCES crm_sync_queue (id) ON DELETE SET NULL,
    lead_sync_id      BIGINT      REFERENCES crm_lead_sync (id) ON DELETE SET NULL,
    attempt           INTEGER     NOT NULL,
    success           BOOLEAN     NOT NULL,
    response_code     TEXT,
    detail            TEXT,
    category          TEXT CHECK (category IN ('NETWORK', 'AUTH', 'VALIDATION', 'RATE_LIMIT', 'API_ERROR')),
    retry_after_secs  INTEGER,
    duration_ms       INTEGER     NOT NULL,
    request_unique    TEXT,
    created_at        TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX crm_sync_logs_queue ON crm_sync_logs (queue_id);
CREATE INDEX crm_sync_logs_company_created ON crm_sync_logs (company_id, created_at);
