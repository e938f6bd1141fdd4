-- Drafted from the model by 'schema-script draft' for Sqlite: table service_matters, table service_material_samples, table window_applications.
-- Review it; add renames, drops and backfills by hand; the drift test checks the result.
CREATE TABLE "service_matters" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_service_matters" PRIMARY KEY AUTOINCREMENT,
    "Code" TEXT NOT NULL,
    "Name" TEXT NOT NULL,
    "Department" TEXT NOT NULL,
    "LifeEvents" TEXT NOT NULL,
    "Summary" TEXT NULL,
    "Eligibility" TEXT NOT NULL,
    "MaterialsJson" TEXT NOT NULL,
    "StepsJson" TEXT NOT NULL,
    "FaqsJson" TEXT NOT NULL,
    "TimeLimitDays" INTEGER NOT NULL,
    "TimeLimitKind" INTEGER NOT NULL,
    "Fees" TEXT NOT NULL,
    "Window" TEXT NULL,
    "Hours" TEXT NULL,
    "OnlineUrl" TEXT NULL,
    "Basis" TEXT NULL,
    "SearchText" TEXT NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "UpdatedAt" INTEGER NOT NULL
);
CREATE TABLE "service_material_samples" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_service_material_samples" PRIMARY KEY AUTOINCREMENT,
    "MatterId" INTEGER NOT NULL,
    "MaterialName" TEXT NOT NULL,
    "FileName" TEXT NOT NULL,
    "ContentType" TEXT NOT NULL,
    "Content" BLOB NOT NULL,
    "Size" INTEGER NOT NULL,
    "UploadedAt" INTEGER NOT NULL,
    CONSTRAINT "FK_service_material_samples_service_matters_MatterId" FOREIGN KEY ("MatterId") REFERENCES "service_matters" ("Id") ON DELETE CASCADE
);
CREATE TABLE "window_applications" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_window_applications" PRIMARY KEY AUTOINCREMENT,
    "MatterId" INTEGER NOT NULL,
    "MatterName" TEXT NOT NULL,
    "Department" TEXT NOT NULL,
    "ResidentId" INTEGER NOT NULL,
    "ResidentName" TEXT NOT NULL,
    "ResidentPhoneMasked" TEXT NULL,
    "HouseholdId" INTEGER NOT NULL,
    "Address" TEXT NOT NULL,
    "AreaNodeId" INTEGER NOT NULL,
    "AreaPath" TEXT NOT NULL,
    "Status" INTEGER NOT NULL,
    "ChecklistJson" TEXT NOT NULL,
    "MissingCount" INTEGER NOT NULL,
    "ProxyName" TEXT NULL,
    "Note" TEXT NULL,
    "DueOn" TEXT NOT NULL,
    "RecordedAt" INTEGER NOT NULL,
    "RecordedByUserId" TEXT NULL,
    "RecordedByName" TEXT NOT NULL,
    "SubmittedAt" INTEGER NULL,
    "CompletedAt" INTEGER NULL,
    "ReturnedAt" INTEGER NULL,
    "ReturnReason" TEXT NULL,
    "UpdatedAt" INTEGER NOT NULL,
    CONSTRAINT "FK_window_applications_area_nodes_AreaNodeId" FOREIGN KEY ("AreaNodeId") REFERENCES "area_nodes" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_window_applications_households_HouseholdId" FOREIGN KEY ("HouseholdId") REFERENCES "households" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_window_applications_residents_ResidentId" FOREIGN KEY ("ResidentId") REFERENCES "residents" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_window_applications_service_matters_MatterId" FOREIGN KEY ("MatterId") REFERENCES "service_matters" ("Id") ON DELETE RESTRICT
);
CREATE UNIQUE INDEX "IX_service_material_samples_MatterId_MaterialName" ON "service_material_samples" ("MatterId", "MaterialName");
CREATE UNIQUE INDEX "IX_service_matters_Code" ON "service_matters" ("Code");
CREATE INDEX "IX_service_matters_Department" ON "service_matters" ("Department");
CREATE UNIQUE INDEX "IX_service_matters_Name" ON "service_matters" ("Name");
CREATE INDEX "IX_window_applications_AreaNodeId" ON "window_applications" ("AreaNodeId");
CREATE INDEX "IX_window_applications_AreaPath_RecordedAt" ON "window_applications" ("AreaPath", "RecordedAt");
CREATE INDEX "IX_window_applications_HouseholdId" ON "window_applications" ("HouseholdId");
CREATE INDEX "IX_window_applications_MatterId" ON "window_applications" ("MatterId");
CREATE INDEX "IX_window_applications_ResidentId" ON "window_applications" ("ResidentId");
CREATE INDEX "IX_window_applications_Status_DueOn" ON "window_applications" ("Status", "DueOn");
