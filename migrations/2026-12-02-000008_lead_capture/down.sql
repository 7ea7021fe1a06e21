DROP TRIGGER IF EXISTS crm_leads_capture ON crm_leads;
DROP FUNCTION IF EXISTS dsync_capture_lead();
DROP FUNCTION IF EXISTS dsync_enqueue_lead(BIGINT, BIGINT, TEXT, TEXT, SMALLINT);
DROP INDEX IF EXISTS crm_sync_queue_lead;
DROP INDEX IF EXISTS crm_sync_queue_next_of_company;
DROP INDEX IF EXISTS crm_sync_queue_waiting_by_company;
DROP INDEX IF EXISTS crm_sync_queue_one_live_per_lead;
DELETE FROM crm_sync_queue a USING crm_sync_queue b
    WHERE a.status = 'queued' AND b.status = 'queued' AND a.lead_sync_id = b.lead_sync_id AND a.id < b.id;
CREATE UNIQUE INDEX crm_sync_queue_one_waiting_per_lead
    ON crm_sync_queue (lead_sync_id) WHERE status = 'queued';
CREATE INDEX crm_sync_queue_due ON crm_sync_queue (next_attempt_at) WHERE status = 'queued';
ALTER TABLE crm_sync_queue DROP COLUMN rerun;
ALTER TABLE crm_sync_queue DROP COLUMN priority;
ALTER TABLE crm_sync_queue DROP COLUMN lead_id;
ALTER TABLE crm_dinamize_accounts DROP COLUMN field_mapping;
ALTER TABLE crm_lead_sync DROP COLUMN last_email;
ALTER TABLE crm_lead_sync DROP CONSTRAINT crm_lead_sync_one_per_lead;
DELETE FROM crm_lead_sync s WHERE NOT EXISTS (SELECT 1 FROM crm_leads l WHERE l.id = s.lead_id);
UPDATE crm_lead_sync SET list_code = '' WHERE list_code IS NULL;
ALTER TABLE crm_lead_sync ALTER COLUMN list_code SET NOT NULL;
ALTER TABLE crm_lead_sync ADD CONSTRAINT crm_lead_sync_lead_id_list_code_key UNIQUE (lead_id, list_code);
ALTER TABLE crm_lead_sync ADD CONSTRAINT crm_lead_sync_lead_id_fkey
    FOREIGN KEY (lead_id) REFERENCES crm_leads (id) ON DELETE CASCADE;
