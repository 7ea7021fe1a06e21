DROP TABLE IF EXISTS crm_sync_logs;
