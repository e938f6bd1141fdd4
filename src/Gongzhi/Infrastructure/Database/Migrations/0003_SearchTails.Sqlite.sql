-- Search tails: keyed hashes (HMAC) of the last 6 characters of the ID number and the last 4 digits of the phone, the
-- digits the masked copies already show. A keyed hash cannot be computed in SQL: existing rows get theirs when they
-- are next saved or imported (see README, "Operate it").
ALTER TABLE "residents" ADD COLUMN "IdNumberTailHash" TEXT NULL;
ALTER TABLE "residents" ADD COLUMN "PhoneTailHash" TEXT NULL;
CREATE INDEX "IX_residents_IdNumberTailHash" ON "residents" ("IdNumberTailHash");
CREATE INDEX "IX_residents_PhoneTailHash" ON "residents" ("PhoneTailHash");

-- Audit entries keep the area path of what they touched, so street and community staff read their own subtree's log.
ALTER TABLE "audit_entries" ADD COLUMN "AreaPath" TEXT NULL;
CREATE INDEX "IX_audit_entries_AreaPath" ON "audit_entries" ("AreaPath");
-- Existing entries: the record's current path (a record that moved since is filed where it is now).
UPDATE "audit_entries" SET "AreaPath" = (SELECT r."AreaPath" FROM "residents" r WHERE CAST(r."Id" AS TEXT) = "audit_entries"."EntityId") WHERE "EntityType" = 'resident';
UPDATE "audit_entries" SET "AreaPath" = (SELECT h."AreaPath" FROM "households" h WHERE CAST(h."Id" AS TEXT) = "audit_entries"."EntityId") WHERE "EntityType" = 'household';
UPDATE "audit_entries" SET "AreaPath" = (SELECT m."AreaPath" FROM "merchants" m WHERE CAST(m."Id" AS TEXT) = "audit_entries"."EntityId") WHERE "EntityType" = 'merchant';
UPDATE "audit_entries" SET "AreaPath" = (SELECT f."AreaPath" FROM "facilities" f WHERE CAST(f."Id" AS TEXT) = "audit_entries"."EntityId") WHERE "EntityType" = 'facility';
UPDATE "audit_entries" SET "AreaPath" = (SELECT n."Path" FROM "area_nodes" n WHERE n."Code" = "audit_entries"."EntityId") WHERE "EntityType" = 'area';
UPDATE "audit_entries" SET "AreaPath" = (SELECT t."AreaPath" FROM "tag_definitions" t WHERE t."Code" = "audit_entries"."EntityId") WHERE "EntityType" = 'tag';
