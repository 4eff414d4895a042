-- Several replicas on one database (issue 10): the nonces of signed requests are the database's,
-- so that a request replayed to another replica is refused. A row is the SHA-256 (hex) of the
-- access key and the nonce; it is kept while a request carrying it could still pass the date check.
CREATE TABLE used_nonces (
    nonce_hash          CHAR(64)      PRIMARY KEY,
    expires_at_ms       BIGINT        NOT NULL
);
CREATE INDEX used_nonces_by_expiry ON used_nonces (expires_at_ms);

-- The operator's registry policy (a JSON document) is a setting: room for its lists.
ALTER TABLE settings ALTER COLUMN setting_value SET DATA TYPE VARCHAR(8192);

-- Container hardening (issue 10): each instance type caps the processes of its containers; the operator sets it per type.
ALTER TABLE instance_types ADD COLUMN pids_limit INTEGER DEFAULT 4096 NOT NULL;

-- Work that must happen once among replicas (the engine sync and sweeps) is done by the holder of
-- a lease; the holder renews it, and another replica takes it over once it has expired.
CREATE TABLE leases (
    name                VARCHAR(64)   PRIMARY KEY,
    holder              VARCHAR(64)   NOT NULL,
    expires_at_ms       BIGINT        NOT NULL
);
