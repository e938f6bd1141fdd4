-- Drafted from the model by 'schema-script draft' for Sqlite: table api_clients, table open311_submissions, column requests.HotlineCaseNumber, index IX_requests_HotlineCaseNumber.
-- Review it; add renames, drops and backfills by hand; the drift test checks the result.
CREATE TABLE "api_clients" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_api_clients" PRIMARY KEY AUTOINCREMENT,
    "Name" TEXT NOT NULL,
    "Kind" INTEGER NOT NULL,
    "KeyHash" TEXT NOT NULL,
    "KeyPrefix" TEXT NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "CreatedBy" TEXT NOT NULL,
    "LastUsedAt" INTEGER NULL,
    "RevokedAt" INTEGER NULL,
    "RevokedBy" TEXT NULL
);
CREATE TABLE "open311_submissions" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_open311_submissions" PRIMARY KEY AUTOINCREMENT,
    "ServiceRequestId" TEXT NOT NULL,
    "Token" TEXT NOT NULL,
    "ApiClientId" INTEGER NOT NULL,
    "JurisdictionId" TEXT NULL,
    "AccountId" TEXT NULL,
    "DeviceId" TEXT NULL,
    "MediaUrl" TEXT NULL,
    "EmailCipher" TEXT NULL,
    "Attributes" TEXT NULL,
    "SubmittedAt" INTEGER NOT NULL,
    CONSTRAINT "FK_open311_submissions_api_clients_ApiClientId" FOREIGN KEY ("ApiClientId") REFERENCES "api_clients" ("Id") ON DELETE RESTRICT
);
ALTER TABLE "requests" ADD "HotlineCaseNumber" TEXT NULL;
CREATE UNIQUE INDEX "IX_api_clients_KeyHash" ON "api_clients" ("KeyHash");
CREATE INDEX "IX_open311_submissions_ApiClientId" ON "open311_submissions" ("ApiClientId");
CREATE UNIQUE INDEX "IX_open311_submissions_ServiceRequestId" ON "open311_submissions" ("ServiceRequestId");
CREATE UNIQUE INDEX "IX_open311_submissions_Token" ON "open311_submissions" ("Token");
CREATE UNIQUE INDEX "IX_requests_HotlineCaseNumber" ON "requests" ("HotlineCaseNumber");
