DROP TABLE IF EXISTS crm_companies;
