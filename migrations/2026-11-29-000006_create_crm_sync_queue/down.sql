DROP TABLE IF EXISTS crm_sync_queue;
