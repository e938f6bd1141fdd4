-- Registry: resident details, memberships (history), tags, household tenure, merchants, facilities,
-- saved searches, import runs; one covering index for resident search.
ALTER TABLE "households" ADD COLUMN "Tenure" INTEGER NOT NULL DEFAULT 1;
ALTER TABLE "households" ADD COLUMN "MemberCount" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "residents" ADD COLUMN "Status" INTEGER NOT NULL DEFAULT 1;
ALTER TABLE "residents" ADD COLUMN "Ethnicity" TEXT NULL;
ALTER TABLE "residents" ADD COLUMN "PoliticalStatus" INTEGER NULL;
ALTER TABLE "residents" ADD COLUMN "Employment" INTEGER NULL;
ALTER TABLE "residents" ADD COLUMN "Health" INTEGER NULL;
ALTER TABLE "residents" ADD COLUMN "DisabilityGrade" INTEGER NULL;
ALTER TABLE "residents" ADD COLUMN "MovedInOn" TEXT NULL;
ALTER TABLE "residents" ADD COLUMN "MovedOutOn" TEXT NULL;
ALTER TABLE "residents" ADD COLUMN "SystemTagBits" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "residents" ADD COLUMN "Note" TEXT NULL;
DROP INDEX "IX_households_AreaNodeId";
DROP INDEX "IX_residents_AreaPath";

CREATE TABLE "import_runs" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_import_runs" PRIMARY KEY AUTOINCREMENT,
    "UserId" TEXT NOT NULL,
    "FileName" TEXT NOT NULL,
    "StartedAt" INTEGER NOT NULL,
    "Rows" INTEGER NOT NULL,
    "Added" INTEGER NOT NULL,
    "Updated" INTEGER NOT NULL,
    "Unchanged" INTEGER NOT NULL,
    "Rejected" INTEGER NOT NULL,
    "Errors" TEXT NULL
);

CREATE TABLE "saved_searches" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_saved_searches" PRIMARY KEY AUTOINCREMENT,
    "UserId" TEXT NOT NULL,
    "Name" TEXT NOT NULL,
    "Query" TEXT NOT NULL,
    "CreatedAt" INTEGER NOT NULL
);

CREATE TABLE "tag_definitions" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_tag_definitions" PRIMARY KEY AUTOINCREMENT,
    "Code" TEXT NOT NULL,
    "Name" TEXT NOT NULL,
    "Kind" INTEGER NOT NULL,
    "Bit" INTEGER NULL,
    "AreaPath" TEXT NULL,
    "CreatedAt" INTEGER NOT NULL
);

CREATE TABLE "facilities" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_facilities" PRIMARY KEY AUTOINCREMENT,
    "AreaNodeId" INTEGER NOT NULL,
    "AreaPath" TEXT NOT NULL,
    "Kind" INTEGER NOT NULL,
    "Name" TEXT NOT NULL,
    "Location" TEXT NULL,
    "InstalledOn" TEXT NULL,
    "LastInspectedOn" TEXT NULL,
    "NextInspectionOn" TEXT NULL,
    "ExpiresOn" TEXT NULL,
    "Note" TEXT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "UpdatedAt" INTEGER NOT NULL,
    "RetiredAt" INTEGER NULL,
    CONSTRAINT "FK_facilities_area_nodes_AreaNodeId" FOREIGN KEY ("AreaNodeId") REFERENCES "area_nodes" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "merchants" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_merchants" PRIMARY KEY AUTOINCREMENT,
    "AreaNodeId" INTEGER NOT NULL,
    "AreaPath" TEXT NOT NULL,
    "Name" TEXT NOT NULL,
    "LicenceNumber" TEXT NULL,
    "Category" INTEGER NOT NULL,
    "OwnerName" TEXT NOT NULL,
    "OwnerPhoneCipher" TEXT NULL,
    "OwnerPhoneHash" TEXT NULL,
    "OwnerPhoneMasked" TEXT NULL,
    "Address" TEXT NOT NULL,
    "Note" TEXT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "UpdatedAt" INTEGER NOT NULL,
    "ClosedAt" INTEGER NULL,
    CONSTRAINT "FK_merchants_area_nodes_AreaNodeId" FOREIGN KEY ("AreaNodeId") REFERENCES "area_nodes" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "health_certificates" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_health_certificates" PRIMARY KEY AUTOINCREMENT,
    "MerchantId" INTEGER NOT NULL,
    "HolderName" TEXT NOT NULL,
    "CertificateNumber" TEXT NULL,
    "ExpiresOn" TEXT NOT NULL,
    CONSTRAINT "FK_health_certificates_merchants_MerchantId" FOREIGN KEY ("MerchantId") REFERENCES "merchants" ("Id") ON DELETE CASCADE
);

CREATE TABLE "household_memberships" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_household_memberships" PRIMARY KEY AUTOINCREMENT,
    "ResidentId" INTEGER NOT NULL,
    "HouseholdId" INTEGER NOT NULL,
    "Relation" INTEGER NOT NULL,
    "StartedOn" TEXT NOT NULL,
    "EndedOn" TEXT NULL,
    "EndReason" INTEGER NULL,
    CONSTRAINT "FK_household_memberships_households_HouseholdId" FOREIGN KEY ("HouseholdId") REFERENCES "households" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_household_memberships_residents_ResidentId" FOREIGN KEY ("ResidentId") REFERENCES "residents" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "resident_tags" (
    "ResidentId" INTEGER NOT NULL,
    "TagId" INTEGER NOT NULL,
    "SetBy" TEXT NULL,
    "SetAt" INTEGER NOT NULL,
    CONSTRAINT "PK_resident_tags" PRIMARY KEY ("ResidentId", "TagId"),
    CONSTRAINT "FK_resident_tags_residents_ResidentId" FOREIGN KEY ("ResidentId") REFERENCES "residents" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_resident_tags_tag_definitions_TagId" FOREIGN KEY ("TagId") REFERENCES "tag_definitions" ("Id") ON DELETE RESTRICT
);

CREATE INDEX "IX_facilities_AreaNodeId" ON "facilities" ("AreaNodeId");

CREATE INDEX "IX_facilities_AreaPath" ON "facilities" ("AreaPath");

CREATE INDEX "IX_facilities_ExpiresOn" ON "facilities" ("ExpiresOn");

CREATE INDEX "IX_facilities_NextInspectionOn" ON "facilities" ("NextInspectionOn");

CREATE INDEX "IX_health_certificates_ExpiresOn" ON "health_certificates" ("ExpiresOn");

CREATE INDEX "IX_health_certificates_MerchantId" ON "health_certificates" ("MerchantId");

CREATE INDEX "IX_household_memberships_HouseholdId" ON "household_memberships" ("HouseholdId");

CREATE INDEX "IX_household_memberships_ResidentId" ON "household_memberships" ("ResidentId");

CREATE INDEX "IX_households_AreaNodeId_Room" ON "households" ("AreaNodeId", "Room");

CREATE INDEX "IX_import_runs_UserId" ON "import_runs" ("UserId");

CREATE INDEX "IX_merchants_AreaNodeId" ON "merchants" ("AreaNodeId");

CREATE INDEX "IX_merchants_AreaPath" ON "merchants" ("AreaPath");

CREATE INDEX "IX_resident_tags_TagId_ResidentId" ON "resident_tags" ("TagId", "ResidentId");

CREATE INDEX "IX_residents_search" ON "residents" ("AreaPath", "BirthDate", "SystemTagBits", "Status", "Sex", "ResidencyType");

CREATE INDEX "IX_saved_searches_UserId" ON "saved_searches" ("UserId");

CREATE UNIQUE INDEX "IX_tag_definitions_Code" ON "tag_definitions" ("Code");

UPDATE "households" SET "MemberCount" = (SELECT count(*) FROM "residents" r WHERE r."HouseholdId" = "households"."Id");
INSERT INTO "household_memberships" ("ResidentId", "HouseholdId", "Relation", "StartedOn")
SELECT "Id", "HouseholdId", "Relation", date('now') FROM "residents" WHERE "HouseholdId" IS NOT NULL;
