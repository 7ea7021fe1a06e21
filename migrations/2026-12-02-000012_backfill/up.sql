-- Backfill runs: a company's leads imported through Dinamize's bulk import (CSV chunks), the
-- contact codes read back and stored, instead of one request per lead.

-- A run that goes through the import has a phase (NULL for a run of queued jobs):
-- `export` (a chunk is being written), `import` (a chunk's import is sent or polled),
-- `read_back` (the list is read back and the codes stored), `finished`. `import_code` and
-- `import_through` are the chunk in flight (its import's code, its last lead id);
-- `exported_through` the last lead id of the chunks already imported; `lease_until` the
-- time until which one instance owns the run (another takes it over after that).
ALTER TABLE crm_sync_runs
    ADD COLUMN phase            TEXT CHECK (phase IN ('export', 'import', 'read_back', 'finished')),
    ADD COLUMN imports_total    INTEGER     NOT NULL DEFAULT 0,
    ADD COLUMN imports_done     INTEGER     NOT NULL DEFAULT 0,
    ADD COLUMN import_code      TEXT,
    ADD COLUMN import_through   BIGINT,
    ADD COLUMN exported_through BIGINT      NOT NULL DEFAULT 0,
    ADD COLUMN lease_until      TIMESTAMPTZ,
    ADD COLUMN error            TEXT;

-- What a backfill exported of each lead: the run, the e-mail the contact is found by, and the
-- fingerprint of the state sent (stored as the synced one once the code is read back, so a
-- lead changed after its export is still updated by its job).
ALTER TABLE crm_lead_sync
    ADD COLUMN backfill_run         BIGINT,
    ADD COLUMN backfill_email       TEXT,
    ADD COLUMN backfill_fingerprint TEXT;
CREATE INDEX crm_lead_sync_backfill ON crm_lead_sync (backfill_run, id)
    WHERE backfill_run IS NOT NULL;

-- While a backfill of the company runs, a new job is held (due in the year 9999) so that it
-- runs after the contacts exist and their codes are stored: the run releases its held jobs
-- when it finishes. `FOR SHARE` on the run row orders this with the release (which locks
-- the row `FOR UPDATE`): a job is either written before the release and released by it, or
-- after the run finished and not held.
CREATE OR REPLACE FUNCTION dsync_enqueue_lead(p_company BIGINT, p_lead BIGINT, p_email TEXT,
                                              p_op TEXT, p_priority SMALLINT) RETURNS BIGINT
LANGUAGE plpgsql AS $$
DECLARE
    sync_id BIGINT;
    job_id  BIGINT;
    due     TIMESTAMPTZ := now();
BEGIN
    PERFORM 1 FROM crm_sync_runs
     WHERE company_id = p_company AND status = 'running' AND NOT dry_run
       AND phase IS NOT NULL
       FOR SHARE;
    IF FOUND THEN
        due := '9999-01-01 00:00:00+00';
    END IF;

    INSERT INTO crm_lead_sync (company_id, lead_id, last_email)
    VALUES (p_company, p_lead, p_email)
    ON CONFLICT (lead_id) DO UPDATE
        SET last_email = COALESCE(EXCLUDED.last_email, crm_lead_sync.last_email),
            company_id = EXCLUDED.company_id,
            status = 'pending',
            updated_at = now()
    RETURNING id INTO sync_id;

    INSERT INTO crm_sync_queue (company_id, lead_sync_id, lead_id, operation, priority,
                                next_attempt_at)
    VALUES (p_company, sync_id, p_lead, p_op, p_priority, due)
    ON CONFLICT (lead_sync_id) WHERE status IN ('queued', 'processing') DO UPDATE
        SET operation = CASE
                WHEN crm_sync_queue.status = 'queued' AND crm_sync_queue.operation = 'create'
                     AND EXCLUDED.operation = 'update' THEN 'create'
                ELSE EXCLUDED.operation END,
            priority = GREATEST(crm_sync_queue.priority, EXCLUDED.priority),
            rerun = crm_sync_queue.rerun OR crm_sync_queue.status = 'processing',
            updated_at = now()
    RETURNING id INTO job_id;
    RETURN job_id;
END $$;
