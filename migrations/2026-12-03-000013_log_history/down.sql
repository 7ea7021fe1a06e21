UPDATE crm_sync_logs l SET queue_id = NULL
WHERE queue_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM crm_sync_queue q WHERE q.id = l.queue_id);
UPDATE crm_sync_logs l SET lead_sync_id = NULL
WHERE lead_sync_id IS NOT NULL
    AND NOT EXISTS (SELECT 1 FROM crm_lead_sync s WHERE s.id = l.lead_sync_id);
ALTER TABLE crm_sync_logs ADD CONSTRAINT crm_sync_logs_queue_id_fkey
    FOREIGN KEY (queue_id) REFERENCES crm_sync_queue (id) ON DELETE SET NULL;
ALTER TABLE crm_sync_logs ADD CONSTRAINT crm_sync_logs_lead_sync_id_fkey
    FOREIGN KEY (lead_sync_id) REFERENCES crm_lead_sync (id) ON DELETE SET NULL;
