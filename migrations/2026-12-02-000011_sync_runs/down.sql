DROP INDEX crm_sync_logs_created;
DROP TABLE crm_sync_schedule;
DROP FUNCTION dsync_enqueue_run_lead(BIGINT, BIGINT, TEXT, TEXT, BIGINT);
DROP INDEX crm_sync_queue_run;
ALTER TABLE crm_sync_queue DROP COLUMN run_id;
DROP TABLE crm_sync_runs;
