-- One Dinamize account per company. The password is AES-256-GCM ciphertext (key id inside).
CREATE TABLE crm_dinamize_accounts (
    id                   BIGSERIAL PRIMARY KEY,
    company_id           BIGINT      NOT NULL UNIQUE REFERENCES crm_companies (id) ON DELETE CASCADE,
    api_user             TEXT        NOT NULL,
    password_encrypted   TEXT        NOT NULL,
    client_code          TEXT        NOT NULL,
    default_list_code    TEXT,
    requests_per_minute  INTEGER     NOT NULL DEFAULT 60 CHECK (requests_per_minute > 0),
    active               BOOLEAN     NOT NULL DEFAULT TRUE,
    -- Set when Dinamize refused the credentials (240002/3/4/29); cleared when they change.
    misconfigured_at     TIMESTAMPTZ,
    misconfigured_reason TEXT,
    created_at           TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at           TIMESTAMPTZ NOT NULL DEFAULT now()
);
