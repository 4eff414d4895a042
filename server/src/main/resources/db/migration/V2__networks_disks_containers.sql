-- Containers and what they live in. The vpc/disk services of docs/api/vpc-disk.md extend these tables.

CREATE TABLE settings (
    name                VARCHAR(64)   PRIMARY KEY,
    setting_value       VARCHAR(1024) NOT NULL
);

CREATE TABLE instance_types (
    instance_type       VARCHAR(32)   PRIMARY KEY,
    cpu                 INTEGER       NOT NULL,
    memory_gb           INTEGER       NOT NULL
);

INSERT INTO instance_types (instance_type, cpu, memory_gb) VALUES
    ('g.s1.micro', 1, 1), ('g.s1.small', 1, 2), ('g.n1.medium', 1, 4), ('g.n1.large', 2, 8),
    ('g.n1.xlarge', 4, 16), ('g.n1.2xlarge', 8, 32), ('g.n1.4xlarge', 16, 64), ('g.n1.8xlarge', 32, 128),
    ('c.n1.large', 2, 4), ('c.n1.xlarge', 4, 8), ('c.n1.2xlarge', 8, 16), ('c.n1.4xlarge', 16, 32),
    ('c.n1.8xlarge', 32, 64), ('m.n1.large', 2, 16), ('m.n1.xlarge', 4, 32), ('m.n1.2xlarge', 8, 64),
    ('m.n1.4xlarge', 16, 128), ('g.n2.medium', 1, 4), ('g.n2.large', 2, 8), ('g.n2.xlarge', 4, 16),
    ('g.n2.2xlarge', 8, 32), ('g.n2.4xlarge', 16, 64), ('g.n2.8xlarge', 32, 128), ('g.n2.16xlarge', 64, 256),
    ('g.n2.18xlarge', 72, 288), ('c.n2.large', 2, 4), ('c.n2.xlarge', 4, 8), ('c.n2.2xlarge', 8, 16),
    ('c.n2.4xlarge', 16, 32), ('c.n2.8xlarge', 32, 64), ('c.n2.16xlarge', 64, 128), ('c.n2.18xlarge', 72, 144),
    ('m.n2.large', 2, 16), ('m.n2.xlarge', 4, 32), ('m.n2.2xlarge', 8, 64), ('m.n2.4xlarge', 16, 128),
    ('h.g2.large', 2, 8), ('h.g2.xlarge', 4, 16), ('h.g2.2xlarge', 8, 32), ('h.g2.4xlarge', 16, 64),
    ('h.g2.8xlarge', 32, 128);

CREATE TABLE vpcs (
    vpc_id              VARCHAR(20)   PRIMARY KEY,
    account_id          VARCHAR(40)   NOT NULL REFERENCES accounts (account_id),
    region_id           VARCHAR(32)   NOT NULL,
    name                VARCHAR(32)   NOT NULL,
    cidr                VARCHAR(18),
    description         VARCHAR(256)  NOT NULL,
    created_at_ms       BIGINT        NOT NULL
);

CREATE TABLE subnets (
    subnet_id           VARCHAR(20)   PRIMARY KEY,
    account_id          VARCHAR(40)   NOT NULL REFERENCES accounts (account_id),
    region_id           VARCHAR(32)   NOT NULL,
    vpc_id              VARCHAR(20)   NOT NULL REFERENCES vpcs (vpc_id),
    name                VARCHAR(32)   NOT NULL,
    cidr                VARCHAR(18)   NOT NULL,
    description         VARCHAR(256)  NOT NULL,
    created_at_ms       BIGINT        NOT NULL
);

CREATE TABLE security_groups (
    security_group_id   VARCHAR(20)   PRIMARY KEY,
    account_id          VARCHAR(40)   NOT NULL REFERENCES accounts (account_id),
    region_id           VARCHAR(32)   NOT NULL,
    vpc_id              VARCHAR(20)   NOT NULL REFERENCES vpcs (vpc_id),
    name                VARCHAR(32)   NOT NULL,
    description         VARCHAR(256)  NOT NULL,
    created_at_ms       BIGINT        NOT NULL
);

CREATE TABLE security_group_rules (
    rule_id             VARCHAR(20)   PRIMARY KEY,
    security_group_id   VARCHAR(20)   NOT NULL REFERENCES security_groups (security_group_id),
    direction           INTEGER       NOT NULL,
    protocol            INTEGER       NOT NULL,
    address_prefix      VARCHAR(18)   NOT NULL,
    from_port           INTEGER       NOT NULL,
    to_port             INTEGER       NOT NULL,
    description         VARCHAR(256)  NOT NULL,
    priority            INTEGER       NOT NULL,
    created_at_ms       BIGINT        NOT NULL
);

CREATE TABLE containers (
    container_id        VARCHAR(16)   PRIMARY KEY,
    account_id          VARCHAR(40)   NOT NULL REFERENCES accounts (account_id),
    region_id           VARCHAR(32)   NOT NULL,
    az                  VARCHAR(40)   NOT NULL,
    name                VARCHAR(32)   NOT NULL,
    description         VARCHAR(256)  NOT NULL,
    status              VARCHAR(16)   NOT NULL,
    reason              VARCHAR(2048),
    instance_type       VARCHAR(32)   NOT NULL,
    image               VARCHAR(700)  NOT NULL,
    secret_name         VARCHAR(253),
    hostname            VARCHAR(63)   NOT NULL,
    tty                 BOOLEAN       NOT NULL,
    working_dir         VARCHAR(1024) NOT NULL,
    -- command, args, envs, hostAliases, logConfiguration: as requested, JSON
    process_json        VARCHAR(1000000) NOT NULL,
    vpc_id              VARCHAR(20)   NOT NULL,
    subnet_id           VARCHAR(20)   NOT NULL REFERENCES subnets (subnet_id),
    private_ip          VARCHAR(15)   NOT NULL,
    nic_id              VARCHAR(20)   NOT NULL,
    mac_address         VARCHAR(17)   NOT NULL,
    nic_description     VARCHAR(256)  NOT NULL,
    sanity_check        BOOLEAN       NOT NULL,
    attach_time_ms      BIGINT        NOT NULL,
    charge_mode         VARCHAR(32)   NOT NULL,
    charge_status       VARCHAR(16)   NOT NULL,
    charge_start_ms     BIGINT        NOT NULL,
    charge_expire_ms    BIGINT,
    elastic_ip_id       VARCHAR(20),
    elastic_ip_address  VARCHAR(15),
    engine_id           VARCHAR(80),
    launch_time_ms      BIGINT        NOT NULL
);

CREATE INDEX containers_by_owner ON containers (account_id, region_id);

CREATE TABLE container_security_groups (
    container_id        VARCHAR(16)   NOT NULL REFERENCES containers (container_id),
    security_group_id   VARCHAR(20)   NOT NULL REFERENCES security_groups (security_group_id),
    position            INTEGER       NOT NULL,
    PRIMARY KEY (container_id, security_group_id)
);

-- One row per address held in a subnet: the primary key makes double allocation impossible.
CREATE TABLE ip_addresses (
    subnet_id           VARCHAR(20)   NOT NULL REFERENCES subnets (subnet_id),
    ip                  VARCHAR(15)   NOT NULL,
    container_id        VARCHAR(16)   NOT NULL,
    PRIMARY KEY (subnet_id, ip)
);

CREATE TABLE disks (
    disk_id             VARCHAR(20)   PRIMARY KEY,
    account_id          VARCHAR(40)   NOT NULL REFERENCES accounts (account_id),
    region_id           VARCHAR(32)   NOT NULL,
    az                  VARCHAR(40)   NOT NULL,
    name                VARCHAR(32)   NOT NULL,
    description         VARCHAR(256)  NOT NULL,
    disk_type           VARCHAR(16)   NOT NULL,
    size_gb             INTEGER       NOT NULL,
    status              VARCHAR(20)   NOT NULL,
    fs_type             VARCHAR(8),
    charge_mode         VARCHAR(32)   NOT NULL,
    charge_status       VARCHAR(16)   NOT NULL,
    charge_expire_ms    BIGINT,
    multi_attachable    BOOLEAN       NOT NULL,
    created_at_ms       BIGINT        NOT NULL
);

-- A disk in use by a container, and how the container mounts it.
CREATE TABLE disk_attachments (
    disk_id             VARCHAR(20)   NOT NULL REFERENCES disks (disk_id),
    container_id        VARCHAR(16)   NOT NULL REFERENCES containers (container_id),
    position            INTEGER       NOT NULL,
    mount_path          VARCHAR(1024) NOT NULL,
    read_only           BOOLEAN       NOT NULL,
    auto_delete         BOOLEAN       NOT NULL,
    fs_type             VARCHAR(8)    NOT NULL,
    attached_at_ms      BIGINT        NOT NULL,
    PRIMARY KEY (disk_id, container_id)
);

CREATE TABLE create_tokens (
    account_id          VARCHAR(40)   NOT NULL,
    region_id           VARCHAR(32)   NOT NULL,
    token               VARCHAR(64)   NOT NULL,
    container_ids       VARCHAR(2000) NOT NULL,
    created_at_ms       BIGINT        NOT NULL,
    PRIMARY KEY (account_id, region_id, token)
);
