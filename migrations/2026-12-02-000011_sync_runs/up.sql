-- Resync runs, the scheduler's shared clock and what retention needs.

-- One resync of a company: `incremental` (leads changed since their last success, or never
-- synced), `full` (every live lead); `backfill` is reserved for the import of a CRM's
-- existing leads. A real run's counters move as its jobs end (the queue's result statement
-- bumps them); the supervisor's tick marks it finished when done + failed = total. A dry run
-- sends nothing: it is written finished, with what a real run would do.
CREATE TABLE crm_sync_runs (
    id             BIGSERIAL PRIMARY KEY,
    company_id     BIGINT      NOT NULL REFERENCES crm_companies (id) ON DELETE CASCADE,
    mode           TEXT        NOT NULL CHECK (mode IN ('incremental', 'full', 'backfill')),
    dry_run        BOOLEAN     NOT NULL DEFAULT FALSE,
    status         TEXT        NOT NULL DEFAULT 'running'
                   CHECK (status IN ('running', 'finished')),
    -- Who started it: `api:<user>`, `cli` or `schedule`.
    started_by     TEXT        NOT NULL,
    total          INTEGER     NOT NULL DEFAULT 0,
    done           INTEGER     NOT NULL DEFAULT 0,
    failed         INTEGER     NOT NULL DEFAULT 0,
    -- Dry runs only: what each selected lead would become.
    would_create   INTEGER,
    would_update   INTEGER,
    would_delete   INTEGER,
    unchanged      INTEGER,
    invalid        INTEGER,
    -- Dry runs only: `[{"lead_id", "email", "reason"}]`.
    invalid_leads  JSONB       NOT NULL DEFAULT '[]'::jsonb,
    started_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    finished_at    TIMESTAMPTZ
);
-- One real run per company at a time: a second start fails on this index (answered 409).
CREATE UNIQUE INDEX crm_sync_runs_one_running
    ON crm_sync_runs (company_id) WHERE status = 'running' AND NOT dry_run;
CREATE INDEX crm_sync_runs_company ON crm_sync_runs (company_id, id DESC);

-- The run that enqueued a job (or whose enqueue coalesced into it).
ALTER TABLE crm_sync_queue
    ADD COLUMN run_id BIGINT REFERENCES crm_sync_runs (id) ON DELETE SET NULL;
CREATE INDEX crm_sync_queue_run ON crm_sync_queue (run_id) WHERE run_id IS NOT NULL;

-- `dsync_enqueue_lead` for a run: the job (new, or the live one it coalesced into) is tagged
-- with the run. The tag is written inside the function so that the caller's single
-- `INSERT ... SELECT` sees it (a statement does not see rows its own functions wrote).
CREATE FUNCTION dsync_enqueue_run_lead(p_company BIGINT, p_lead BIGINT, p_email TEXT,
                                       p_op TEXT, p_run BIGINT) RETURNS BIGINT
LANGUAGE plpgsql AS $$
DECLARE
    job_id BIGINT;
BEGIN
    job_id := dsync_enqueue_lead(p_company, p_lead, p_email, p_op, 0::smallint);
    UPDATE crm_sync_queue SET run_id = p_run WHERE id = job_id;
    RETURN job_id;
END $$;

-- Scheduled work of each company (the incremental run), done by one instance of many: a
-- conditional UPDATE of `next_run_at` gives each due row to exactly one instance.
CREATE TABLE crm_sync_schedule (
    company_id   BIGINT      NOT NULL REFERENCES crm_companies (id) ON DELETE CASCADE,
    kind         TEXT        NOT NULL CHECK (kind IN ('incremental')),
    next_run_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (company_id, kind)
);
CREATE INDEX crm_sync_schedule_due ON crm_sync_schedule (kind, next_run_at);

-- Retention prunes the attempt log by age.
CREATE INDEX crm_sync_logs_created ON crm_sync_logs (created_at);
