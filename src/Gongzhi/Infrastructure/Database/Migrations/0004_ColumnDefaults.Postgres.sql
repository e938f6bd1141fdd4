-- The model declares zero defaults for a household's member count and a resident's system tag bits
-- (0002_Registry had dropped them on PostgreSQL while SQLite kept them); the drift test now compares defaults.
ALTER TABLE households ALTER COLUMN "MemberCount" SET DEFAULT 0;
ALTER TABLE residents ALTER COLUMN "SystemTagBits" SET DEFAULT 0;
