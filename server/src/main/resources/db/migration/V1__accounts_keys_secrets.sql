-- Times are epoch milliseconds (BIGINT): portable between H2 and PostgreSQL, no time-zone drift.

CREATE TABLE accounts (
    account_id          VARCHAR(40)  PRIMARY KEY,
    name                VARCHAR(128) NOT NULL,
    disabled            BOOLEAN      NOT NULL,
    real_name_verified  BOOLEAN      NOT NULL,
    blacklisted         BOOLEAN      NOT NULL,
    container_limit     INTEGER,
    secret_limit        INTEGER,
    created_at_ms       BIGINT       NOT NULL
);

CREATE TABLE access_keys (
    access_key          VARCHAR(64)  PRIMARY KEY,
    account_id          VARCHAR(40)  NOT NULL REFERENCES accounts (account_id),
    sealed_secret_key   VARCHAR(512) NOT NULL,
    revoked             BOOLEAN      NOT NULL,
    created_at_ms       BIGINT       NOT NULL
);

CREATE INDEX access_keys_by_account ON access_keys (account_id);

CREATE TABLE secrets (
    account_id          VARCHAR(40)   NOT NULL REFERENCES accounts (account_id),
    region_id           VARCHAR(32)   NOT NULL,
    name                VARCHAR(253)  NOT NULL,
    secret_type         VARCHAR(32)   NOT NULL,
    server_b64          VARCHAR(4096) NOT NULL,
    username_b64        VARCHAR(4096) NOT NULL,
    email_b64           VARCHAR(4096),
    sealed_password     VARCHAR(8192) NOT NULL,
    created_at_ms       BIGINT        NOT NULL,
    PRIMARY KEY (account_id, region_id, name)
);
