DROP INDEX IF EXISTS crm_leads_crm_id;
ALTER TABLE crm_leads DROP COLUMN IF EXISTS crm_id;
