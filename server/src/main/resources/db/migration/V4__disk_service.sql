-- The disk service of docs/api/vpc-disk.md §3: disks made by createDisks, their tags and source
-- snapshots, attachment ids, snapshots, clientTokens of the disk API, and per-account limits for
-- quotas that have no column of their own in accounts (§5).

-- createDisks with maxCount > 1 names disks name-1 .. name-100, past the 32 characters of N32.
ALTER TABLE disks ALTER COLUMN name SET DATA TYPE VARCHAR(40);
ALTER TABLE disks ADD COLUMN snapshot_id VARCHAR(20);
CREATE INDEX disks_by_owner ON disks (account_id, region_id);
CREATE INDEX disks_by_snapshot ON disks (snapshot_id);

ALTER TABLE disk_attachments ADD COLUMN attachment_id VARCHAR(20);
UPDATE disk_attachments SET attachment_id = 'att-' || SUBSTRING(disk_id, 5, 10);
ALTER TABLE disk_attachments ALTER COLUMN attachment_id SET NOT NULL;
CREATE INDEX disk_attachments_by_container ON disk_attachments (container_id);

CREATE TABLE disk_tags (
    disk_id             VARCHAR(20)   NOT NULL REFERENCES disks (disk_id),
    position            INTEGER       NOT NULL,
    tag_key             VARCHAR(127)  NOT NULL,
    tag_value           VARCHAR(255)  NOT NULL,
    PRIMARY KEY (disk_id, tag_key)
);

-- disk_id is kept after the source disk is deleted, so it references nothing.
CREATE TABLE snapshots (
    snapshot_id         VARCHAR(20)   PRIMARY KEY,
    account_id          VARCHAR(40)   NOT NULL REFERENCES accounts (account_id),
    region_id           VARCHAR(32)   NOT NULL,
    disk_id             VARCHAR(20)   NOT NULL,
    name                VARCHAR(32)   NOT NULL,
    description         VARCHAR(256)  NOT NULL,
    size_gb             INTEGER       NOT NULL,
    status              VARCHAR(20)   NOT NULL,
    created_at_ms       BIGINT        NOT NULL
);

CREATE INDEX snapshots_by_owner ON snapshots (account_id, region_id);
CREATE INDEX snapshots_by_disk ON snapshots (disk_id);

-- clientToken of createDisks and createSnapshot: the same token within 24 h returns these ids.
CREATE TABLE disk_client_tokens (
    account_id          VARCHAR(40)   NOT NULL,
    region_id           VARCHAR(32)   NOT NULL,
    operation           VARCHAR(32)   NOT NULL,
    token               VARCHAR(64)   NOT NULL,
    resource_ids        VARCHAR(2200) NOT NULL,
    created_at_ms       BIGINT        NOT NULL,
    PRIMARY KEY (account_id, region_id, operation, token)
);

-- The operator's limit for one quota of one account (disk, snapshot, ...); absent = the default.
CREATE TABLE account_quotas (
    account_id          VARCHAR(40)   NOT NULL REFERENCES accounts (account_id),
    resource_type       VARCHAR(32)   NOT NULL,
    quota_limit         INTEGER       NOT NULL,
    PRIMARY KEY (account_id, resource_type)
);
