-- Search tails: keyed hashes (HMAC) of the last 6 characters of the ID number and the last 4 digits of the phone, the
-- digits the masked copies already show. A keyed hash cannot be computed in SQL: existing rows get theirs when they
-- are next saved or imported (see README, "Operate it").
ALTER TABLE residents ADD "IdNumberTailHash" character varying(64);
ALTER TABLE residents ADD "PhoneTailHash" character varying(64);
CREATE INDEX "IX_residents_IdNumberTailHash" ON residents ("IdNumberTailHash");
CREATE INDEX "IX_residents_PhoneTailHash" ON residents ("PhoneTailHash");

-- Audit entries keep the area path of what they touched, so street and community staff read their own subtree's log.
ALTER TABLE audit_entries ADD "AreaPath" character varying(512) COLLATE "C";
CREATE INDEX "IX_audit_entries_AreaPath" ON audit_entries ("AreaPath");
-- Existing entries: the record's current path (a record that moved since is filed where it is now).
UPDATE audit_entries a SET "AreaPath" = r."AreaPath" FROM residents r WHERE a."EntityType" = 'resident' AND a."EntityId" = r."Id"::text;
UPDATE audit_entries a SET "AreaPath" = h."AreaPath" FROM households h WHERE a."EntityType" = 'household' AND a."EntityId" = h."Id"::text;
UPDATE audit_entries a SET "AreaPath" = m."AreaPath" FROM merchants m WHERE a."EntityType" = 'merchant' AND a."EntityId" = m."Id"::text;
UPDATE audit_entries a SET "AreaPath" = f."AreaPath" FROM facilities f WHERE a."EntityType" = 'facility' AND a."EntityId" = f."Id"::text;
UPDATE audit_entries a SET "AreaPath" = n."Path" FROM area_nodes n WHERE a."EntityType" = 'area' AND a."EntityId" = n."Code";
UPDATE audit_entries a SET "AreaPath" = t."AreaPath" FROM tag_definitions t WHERE a."EntityType" = 'tag' AND a."EntityId" = t."Code";
