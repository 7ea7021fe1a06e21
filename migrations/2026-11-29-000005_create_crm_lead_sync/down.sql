DROP TABLE IF EXISTS crm_lead_sync;
