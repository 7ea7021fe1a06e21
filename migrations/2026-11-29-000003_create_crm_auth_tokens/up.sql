-- Dinamize tokens, encrypted. At most one active token per company.
CREATE TABLE crm_auth_tokens (
    id               BIGSERIAL PRIMARY KEY,
    company_id       BIGINT      NOT NULL REFERENCES crm_companies (id) ON DELETE CASCADE,
    token_encrypted  TEXT        NOT NULL,
    key_id           TEXT        NOT NULL,
    obtained_at      TIMESTAMPTZ NOT NULL,
    last_used_at     TIMESTAMPTZ NOT NULL,
    expires_at       TIMESTAMPTZ NOT NULL,
    active           BOOLEAN     NOT NULL DEFAULT TRUE,
    created_at       TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX crm_auth_tokens_one_active_per_company
    ON crm_auth_tokens (company_id) WHERE active;
CREATE INDEX crm_auth_tokens_key_id ON crm_auth_tokens (key_id);
