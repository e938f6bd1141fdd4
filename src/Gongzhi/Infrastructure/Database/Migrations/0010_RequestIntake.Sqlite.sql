-- Drafted from the model by 'schema-script draft' for Sqlite: table phone_otps, table household_codes, column requests.PreferredContactTime, table request_photos.
-- Review it; add renames, drops and backfills by hand; the drift test checks the result.
CREATE TABLE "phone_otps" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_phone_otps" PRIMARY KEY AUTOINCREMENT,
    "PhoneHash" TEXT NOT NULL,
    "CodeHash" TEXT NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "ExpiresAt" INTEGER NOT NULL,
    "Attempts" INTEGER NOT NULL,
    "UsedAt" INTEGER NULL
);
CREATE TABLE "household_codes" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_household_codes" PRIMARY KEY AUTOINCREMENT,
    "HouseholdId" INTEGER NOT NULL,
    "AreaNodeId" INTEGER NOT NULL,
    "AreaPath" TEXT NOT NULL,
    "TokenHash" TEXT NOT NULL,
    "TokenCipher" TEXT NOT NULL,
    "IssuedAt" INTEGER NOT NULL,
    "IssuedByName" TEXT NOT NULL,
    "RevokedAt" INTEGER NULL,
    "RevokedByName" TEXT NULL,
    CONSTRAINT "FK_household_codes_area_nodes_AreaNodeId" FOREIGN KEY ("AreaNodeId") REFERENCES "area_nodes" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_household_codes_households_HouseholdId" FOREIGN KEY ("HouseholdId") REFERENCES "households" ("Id") ON DELETE RESTRICT
);
ALTER TABLE "requests" ADD "PreferredContactTime" TEXT NULL;
CREATE TABLE "request_photos" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_request_photos" PRIMARY KEY AUTOINCREMENT,
    "RequestId" INTEGER NOT NULL,
    "Kind" INTEGER NOT NULL,
    "Width" INTEGER NOT NULL,
    "Height" INTEGER NOT NULL,
    "Jpeg" BLOB NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    CONSTRAINT "FK_request_photos_requests_RequestId" FOREIGN KEY ("RequestId") REFERENCES "requests" ("Id") ON DELETE CASCADE
);
CREATE INDEX "IX_household_codes_AreaNodeId" ON "household_codes" ("AreaNodeId");
CREATE INDEX "IX_household_codes_AreaPath" ON "household_codes" ("AreaPath");
CREATE INDEX "IX_household_codes_HouseholdId_RevokedAt" ON "household_codes" ("HouseholdId", "RevokedAt");
CREATE UNIQUE INDEX "IX_household_codes_TokenHash" ON "household_codes" ("TokenHash");
CREATE INDEX "IX_phone_otps_PhoneHash_CreatedAt" ON "phone_otps" ("PhoneHash", "CreatedAt");
CREATE INDEX "IX_request_photos_RequestId_Kind" ON "request_photos" ("RequestId", "Kind");
