-- The outbox and the record of every sync job. A lead write and its job commit together.
CREATE TABLE crm_sync_queue (
    id               BIGSERIAL PRIMARY KEY,
    company_id       BIGINT      NOT NULL REFERENCES crm_companies (id) ON DELETE CASCADE,
    lead_sync_id     BIGINT      NOT NULL REFERENCES crm_lead_sync (id) ON DELETE CASCADE,
    operation        TEXT        NOT NULL CHECK (operation IN ('create', 'update', 'delete')),
    status           TEXT        NOT NULL DEFAULT 'queued'
                     CHECK (status IN ('queued', 'processing', 'completed', 'failed')),
    attempts         INTEGER     NOT NULL DEFAULT 0,
    max_attempts     INTEGER     NOT NULL DEFAULT 4,
    next_attempt_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    -- A worker owns a processing job until lease_until; fence rises on every hand-out so a
    -- stale worker's late result is refused.
    lease_until      TIMESTAMPTZ,
    fence            BIGINT      NOT NULL DEFAULT 0,
    last_error       TEXT,
    created_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    started_at       TIMESTAMPTZ,
    completed_at     TIMESTAMPTZ
);
-- The scheduler: due queued jobs and expired leases.
CREATE INDEX crm_sync_queue_due ON crm_sync_queue (next_attempt_at)
    WHERE status = 'queued';
CREATE INDEX crm_sync_queue_leases ON crm_sync_queue (lease_until)
    WHERE status = 'processing';
-- Queue statistics and listing by status per company.
CREATE INDEX crm_sync_queue_company_status ON crm_sync_queue (company_id, status, id);
-- Latest state wins: at most one waiting job per lead and list.
CREATE UNIQUE INDEX crm_sync_queue_one_waiting_per_lead
    ON crm_sync_queue (lead_sync_id) WHERE status = 'queued';
-- Retention sweeps finished jobs by age.
CREATE INDEX crm_sync_queue_finished ON crm_sync_queue (completed_at)
    WHERE status IN ('completed', 'failed');
