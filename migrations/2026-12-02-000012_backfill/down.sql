CREATE OR REPLACE FUNCTION dsync_enqueue_lead(p_company BIGINT, p_lead BIGINT, p_email TEXT,
                                              p_op TEXT, p_priority SMALLINT) RETURNS BIGINT
LANGUAGE plpgsql AS $$
DECLARE
    sync_id BIGINT;
    job_id  BIGINT;
BEGIN
    INSERT INTO crm_lead_sync (company_id, lead_id, last_email)
    VALUES (p_company, p_lead, p_email)
    ON CONFLICT (lead_id) DO UPDATE
        SET last_email = COALESCE(EXCLUDED.last_email, crm_lead_sync.last_email),
            company_id = EXCLUDED.company_id,
            status = 'pending',
            updated_at = now()
    RETURNING id INTO sync_id;

    INSERT INTO crm_sync_queue (company_id, lead_sync_id, lead_id, operation, priority)
    VALUES (p_company, sync_id, p_lead, p_op, p_priority)
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
DROP INDEX crm_lead_sync_backfill;
ALTER TABLE crm_lead_sync DROP COLUMN backfill_fingerprint, DROP COLUMN backfill_email,
    DROP COLUMN backfill_run;
ALTER TABLE crm_sync_runs DROP COLUMN error, DROP COLUMN lease_until,
    DROP COLUMN exported_through, DROP COLUMN import_through, DROP COLUMN import_code,
    DROP COLUMN imports_done, DROP COLUMN imports_total, DROP COLUMN phase;
