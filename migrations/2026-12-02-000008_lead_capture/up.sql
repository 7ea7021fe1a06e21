-- Lead capture and the sync queue's working columns.
--
-- A lead's sync row outlives the lead: a hard delete must still remove the Dinamize contact,
-- and the contact code (or the last e-mail) it needs lives here. So `crm_lead_sync.lead_id`
-- is no longer a foreign key that cascades; the capture trigger below enqueues the delete.

ALTER TABLE crm_lead_sync DROP CONSTRAINT crm_lead_sync_lead_id_fkey;
ALTER TABLE crm_lead_sync DROP CONSTRAINT crm_lead_sync_lead_id_list_code_key;
-- The list the contact was last written to; NULL until the first success.
ALTER TABLE crm_lead_sync ALTER COLUMN list_code DROP NOT NULL;
ALTER TABLE crm_lead_sync ADD CONSTRAINT crm_lead_sync_one_per_lead UNIQUE (lead_id);
-- The lead's e-mail as last captured: a delete of a contact whose code was never stored
-- searches by it (the lead row may be gone).
ALTER TABLE crm_lead_sync ADD COLUMN last_email TEXT;

-- Per-company mapping of lead fields to Dinamize custom fields (`{"phone": "cmp4", ...}`).
ALTER TABLE crm_dinamize_accounts
    ADD COLUMN field_mapping JSONB NOT NULL DEFAULT '{}'::jsonb;

-- Jobs carry the lead id for listing; priority > 0 goes ahead of a company's routine backlog;
-- `rerun` marks a change captured while the job was running (exactly one follow-up).
ALTER TABLE crm_sync_queue ADD COLUMN lead_id BIGINT NOT NULL;
ALTER TABLE crm_sync_queue ADD COLUMN priority SMALLINT NOT NULL DEFAULT 0;
ALTER TABLE crm_sync_queue ADD COLUMN rerun BOOLEAN NOT NULL DEFAULT FALSE;

-- At most one live job per lead: a waiting job absorbs later changes, a running one is
-- marked `rerun`. Two workers therefore never hold jobs of the same lead.
DROP INDEX crm_sync_queue_one_waiting_per_lead;
CREATE UNIQUE INDEX crm_sync_queue_one_live_per_lead
    ON crm_sync_queue (lead_sync_id) WHERE status IN ('queued', 'processing');
-- The dispatcher: which companies have waiting work, and each one's next job in order.
DROP INDEX crm_sync_queue_due;
CREATE INDEX crm_sync_queue_waiting_by_company
    ON crm_sync_queue (company_id, next_attempt_at) WHERE status = 'queued';
CREATE INDEX crm_sync_queue_next_of_company
    ON crm_sync_queue (company_id, priority DESC, next_attempt_at, id) WHERE status = 'queued';
CREATE INDEX crm_sync_queue_lead ON crm_sync_queue (lead_id, id);

-- Enqueues the sync of one lead, in the caller's transaction. `op` is create, update or
-- delete; the job reloads the lead when it runs, so the operation is a label for people and
-- a delete is never downgraded by a later upsert of a deleted lead.
CREATE FUNCTION dsync_enqueue_lead(p_company BIGINT, p_lead BIGINT, p_email TEXT, p_op TEXT,
                                   p_priority SMALLINT) RETURNS BIGINT
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

-- Capture: every insert, update, soft delete or hard delete of a lead enqueues its sync in
-- the writer's transaction, whoever the writer is (this service or the CRM's own SQL).
-- An update that changes none of the synced columns enqueues nothing.
CREATE FUNCTION dsync_capture_lead() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        PERFORM dsync_enqueue_lead(OLD.company_id, OLD.id, OLD.email, 'delete', 0::smallint);
        RETURN OLD;
    END IF;
    IF TG_OP = 'UPDATE' THEN
        IF (OLD.company_id, OLD.name, OLD.email, OLD.phone, OLD.external_code,
            OLD.custom_fields, OLD.deleted_at IS NULL)
           IS NOT DISTINCT FROM
           (NEW.company_id, NEW.name, NEW.email, NEW.phone, NEW.external_code,
            NEW.custom_fields, NEW.deleted_at IS NULL) THEN
            RETURN NEW;
        END IF;
    END IF;
    PERFORM dsync_enqueue_lead(
        NEW.company_id, NEW.id, NEW.email,
        CASE WHEN NEW.deleted_at IS NOT NULL THEN 'delete'
             WHEN TG_OP = 'INSERT' THEN 'create' ELSE 'update' END,
        0::smallint);
    RETURN NEW;
END $$;

CREATE TRIGGER crm_leads_capture
    AFTER INSERT OR UPDATE OR DELETE ON crm_leads
    FOR EACH ROW EXECUTE FUNCTION dsync_capture_lead();
