DROP TABLE IF EXISTS crm_auth_tokens;
