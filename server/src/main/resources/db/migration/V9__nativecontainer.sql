-- NATIVECONTAINER.md: the catalogue of its §4.2 in its order (position; types the operator adds have none
-- and come after, by name), and the tags a container was created with (§5.2 userTags).

ALTER TABLE instance_types ADD COLUMN position INTEGER;

CREATE TABLE instance_type_positions (
    instance_type       VARCHAR(32)   PRIMARY KEY,
    cpu                 INTEGER       NOT NULL,
    memory_gb           INTEGER       NOT NULL,
    position            INTEGER       NOT NULL
);

INSERT INTO instance_type_positions (instance_type, cpu, memory_gb, position) VALUES
    ('g.n3.medium', 1, 4, 0),
    ('g.n3.large', 2, 8, 1),
    ('g.n3.xlarge', 4, 16, 2),
    ('g.n3.2xlarge', 8, 32, 3),
    ('g.n3.3xlarge', 12, 48, 4),
    ('g.n3.4xlarge', 16, 64, 5),
    ('g.n3.6xlarge', 24, 96, 6),
    ('g.n3.8xlarge', 32, 128, 7),
    ('g.n3.12xlarge', 48, 192, 8),
    ('g.n3.16xlarge', 64, 256, 9),
    ('g.n3.18xlarge', 72, 288, 10),
    ('c.n3.large', 2, 4, 11),
    ('c.n3.xlarge', 4, 8, 12),
    ('c.n3.2xlarge', 8, 16, 13),
    ('c.n3.3xlarge', 12, 24, 14),
    ('c.n3.4xlarge', 16, 32, 15),
    ('c.n3.6xlarge', 24, 48, 16),
    ('c.n3.8xlarge', 32, 64, 17),
    ('c.n3.12xlarge', 48, 96, 18),
    ('c.n3.16xlarge', 64, 128, 19),
    ('c.n3.22xlarge', 88, 176, 20),
    ('m.n3.large', 2, 16, 21),
    ('m.n3.xlarge', 4, 32, 22),
    ('m.n3.2xlarge', 8, 64, 23),
    ('m.n3.3xlarge', 12, 96, 24),
    ('m.n3.4xlarge', 16, 128, 25),
    ('m.n3.6xlarge', 24, 192, 26),
    ('m.n3.8xlarge', 32, 256, 27),
    ('m.n3.16xlarge', 64, 512, 28),
    ('g.n2.medium', 1, 4, 29),
    ('g.n2.large', 2, 8, 30),
    ('g.n2.xlarge', 4, 16, 31),
    ('g.n2.2xlarge', 8, 32, 32),
    ('g.n2.4xlarge', 16, 64, 33),
    ('g.n2.8xlarge', 32, 128, 34),
    ('g.n2.16xlarge', 64, 256, 35),
    ('g.n2.18xlarge', 72, 288, 36),
    ('c.n2.large', 2, 4, 37),
    ('c.n2.xlarge', 4, 8, 38),
    ('c.n2.2xlarge', 8, 16, 39),
    ('c.n2.4xlarge', 16, 32, 40),
    ('c.n2.8xlarge', 32, 64, 41),
    ('c.n2.16xlarge', 64, 128, 42),
    ('c.n2.18xlarge', 72, 144, 43),
    ('m.n2.large', 2, 16, 44),
    ('m.n2.xlarge', 4, 32, 45),
    ('m.n2.2xlarge', 8, 64, 46),
    ('m.n2.4xlarge', 16, 128, 47),
    ('m.n2.8xlarge', 32, 256, 48),
    ('m.n2.16xlarge', 64, 512, 49),
    ('m.n2.18xlarge', 72, 576, 50),
    ('h.g2.large', 2, 8, 51),
    ('h.g2.xlarge', 4, 16, 52),
    ('h.g2.2xlarge', 8, 32, 53),
    ('h.g2.4xlarge', 16, 64, 54),
    ('h.g2.8xlarge', 32, 128, 55),
    ('g.s1.micro', 1, 1, 56),
    ('g.s1.small', 1, 2, 57),
    ('g.n1.medium', 1, 4, 58),
    ('g.n1.large', 2, 8, 59),
    ('g.n1.xlarge', 4, 16, 60),
    ('g.n1.2xlarge', 8, 32, 61),
    ('g.n1.4xlarge', 16, 64, 62),
    ('g.n1.8xlarge', 32, 128, 63),
    ('c.n1.large', 2, 4, 64),
    ('c.n1.xlarge', 4, 8, 65),
    ('c.n1.2xlarge', 8, 16, 66),
    ('c.n1.4xlarge', 16, 32, 67),
    ('c.n1.8xlarge', 32, 64, 68),
    ('m.n1.large', 2, 16, 69),
    ('m.n1.xlarge', 4, 32, 70),
    ('m.n1.2xlarge', 8, 64, 71),
    ('m.n1.4xlarge', 16, 128, 72);

-- the catalogue's types the first list lacked; an operator's type of the same name keeps its sizes
INSERT INTO instance_types (instance_type, cpu, memory_gb)
    SELECT p.instance_type, p.cpu, p.memory_gb FROM instance_type_positions p
    WHERE NOT EXISTS (SELECT 1 FROM instance_types t WHERE t.instance_type = p.instance_type);

UPDATE instance_types SET position =
    (SELECT p.position FROM instance_type_positions p WHERE p.instance_type = instance_types.instance_type);

DROP TABLE instance_type_positions;

CREATE TABLE container_tags (
    container_id        VARCHAR(16)   NOT NULL REFERENCES containers (container_id),
    tag_key             VARCHAR(127)  NOT NULL,
    tag_value           VARCHAR(255)  NOT NULL,
    PRIMARY KEY (container_id, tag_key)
);
