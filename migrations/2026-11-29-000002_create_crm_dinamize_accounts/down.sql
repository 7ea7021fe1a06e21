DROP TABLE IF EXISTS crm_dinamize_accounts;
