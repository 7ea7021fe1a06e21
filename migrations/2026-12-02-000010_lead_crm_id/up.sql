-- Leads copied from the CRM's own leads table by an installed capture trigger
-- (`dinamize-sync capture install`) carry the CRM's key, which the copy upserts on.
ALTER TABLE crm_leads ADD COLUMN crm_id TEXT;
CREATE UNIQUE INDEX crm_leads_crm_id ON crm_leads (crm_id) WHERE crm_id IS NOT NULL;
