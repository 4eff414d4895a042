-- The vpc service of docs/api/vpc-disk.md §2: the subnet members createSubnet stores and echoes,
-- the order of security group rules, elastic IPs with their tags, and the operator's elastic IP
-- pools. Per-account limits of the network quotas (§5) live in account_quotas (V4).

-- ipMaskLen, domainNames, domainNameServers: stored and echoed, no effect. Lists are joined by ','
-- (neither domain names nor dotted addresses contain one).
ALTER TABLE subnets ADD COLUMN ip_mask_len INTEGER DEFAULT 0 NOT NULL;
ALTER TABLE subnets ADD COLUMN domain_names VARCHAR(300) DEFAULT '' NOT NULL;
ALTER TABLE subnets ADD COLUMN domain_name_servers VARCHAR(100) DEFAULT '' NOT NULL;
CREATE INDEX subnets_by_vpc ON subnets (vpc_id);
CREATE INDEX vpcs_by_owner ON vpcs (account_id, region_id);

-- Rules are listed ingress first, each direction in creation order: position keeps the order of
-- rules created by one call.
ALTER TABLE security_group_rules ADD COLUMN position INTEGER DEFAULT 0 NOT NULL;
CREATE INDEX security_group_rules_by_group ON security_group_rules (security_group_id);
CREATE INDEX security_groups_by_vpc ON security_groups (vpc_id);
CREATE INDEX container_security_groups_by_group ON container_security_groups (security_group_id);
CREATE INDEX containers_by_subnet ON containers (subnet_id);

-- An address is allocated once in the whole installation (the unique key), whatever the region:
-- the host maps it 1:1 onto the bound container's private address.
CREATE TABLE elastic_ips (
    elastic_ip_id       VARCHAR(20)   PRIMARY KEY,
    account_id          VARCHAR(40)   NOT NULL REFERENCES accounts (account_id),
    region_id           VARCHAR(32)   NOT NULL,
    address             VARCHAR(15)   NOT NULL UNIQUE,
    bandwidth_mbps      INTEGER       NOT NULL,
    provider            VARCHAR(8)    NOT NULL,
    charge_mode         VARCHAR(32)   NOT NULL,
    charge_status       VARCHAR(16)   NOT NULL,
    charge_start_ms     BIGINT        NOT NULL,
    charge_expire_ms    BIGINT,
    -- the binding: null when NOT_ASSOCIATED
    container_id        VARCHAR(16),
    nic_id              VARCHAR(20),
    private_ip          VARCHAR(15),
    -- made by createContainers for this container: deleted with it (docs/api/nc.md §5.4)
    made_with_container BOOLEAN       NOT NULL,
    created_at_ms       BIGINT        NOT NULL
);

CREATE INDEX elastic_ips_by_owner ON elastic_ips (account_id, region_id);
CREATE INDEX elastic_ips_by_container ON elastic_ips (container_id);

CREATE TABLE elastic_ip_tags (
    elastic_ip_id       VARCHAR(20)   NOT NULL REFERENCES elastic_ips (elastic_ip_id),
    position            INTEGER       NOT NULL,
    tag_key             VARCHAR(127)  NOT NULL,
    tag_value           VARCHAR(255)  NOT NULL,
    PRIMARY KEY (elastic_ip_id, tag_key)
);

-- The operator's pool of a region, set through the admin API; a region without a row uses NC_EIP_POOL.
CREATE TABLE elastic_ip_pools (
    region_id           VARCHAR(32)   PRIMARY KEY,
    ranges              VARCHAR(1000) NOT NULL
);

-- Allocations lock this row, so two concurrent allocations never pick the same lowest free address.
INSERT INTO settings (name, setting_value) VALUES ('elastic_ip_allocation', 'lock');
