-- Account safety: the secret that signs device cookies (shared through the
-- database so every server agrees) and one-time password reset codes.
CREATE TABLE server_secrets (
    name       TEXT PRIMARY KEY,
    secret     TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

-- Only a hash of a reset code is stored; a code is used once.
CREATE TABLE reset_codes (
    code_hash  TEXT PRIMARY KEY,
    user_id    BIGINT NOT NULL REFERENCES users (id),
    issued_by  BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at    BIGINT
);
CREATE INDEX reset_codes_user ON reset_codes (user_id);
CREATE INDEX reset_codes_expires ON reset_codes (expires_at);
