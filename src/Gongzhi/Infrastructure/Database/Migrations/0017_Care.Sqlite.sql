-- Drafted from the model by 'schema-script draft' for Sqlite: table care_entries, table care_alerts, table care_checkins, table care_visits.
-- Review it; add renames, drops and backfills by hand; the drift test checks the result.
CREATE TABLE "care_entries" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_care_entries" PRIMARY KEY AUTOINCREMENT,
    "ResidentId" INTEGER NOT NULL,
    "ResidentName" TEXT NOT NULL,
    "ResidentPhoneMasked" TEXT NULL,
    "HouseholdId" INTEGER NOT NULL,
    "Address" TEXT NOT NULL,
    "AreaNodeId" INTEGER NOT NULL,
    "AreaPath" TEXT NOT NULL,
    "Kind" INTEGER NOT NULL,
    "FrequencyDays" INTEGER NOT NULL,
    "VisitorsJson" TEXT NOT NULL,
    "ContactsJson" TEXT NOT NULL,
    "Note" TEXT NULL,
    "EnrolledOn" TEXT NOT NULL,
    "LastVisitedAt" INTEGER NULL,
    "NextDueOn" TEXT NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "UpdatedAt" INTEGER NOT NULL,
    "CheckInWatchersJson" TEXT NULL,
    CONSTRAINT "FK_care_entries_area_nodes_AreaNodeId" FOREIGN KEY ("AreaNodeId") REFERENCES "area_nodes" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_care_entries_households_HouseholdId" FOREIGN KEY ("HouseholdId") REFERENCES "households" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_care_entries_residents_ResidentId" FOREIGN KEY ("ResidentId") REFERENCES "residents" ("Id") ON DELETE RESTRICT
);
CREATE TABLE "care_alerts" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_care_alerts" PRIMARY KEY AUTOINCREMENT,
    "EntryId" INTEGER NOT NULL,
    "AreaPath" TEXT NOT NULL,
    "ResidentName" TEXT NOT NULL,
    "Address" TEXT NOT NULL,
    "Day" TEXT NOT NULL,
    "RaisedAt" INTEGER NOT NULL,
    "ClosedAt" INTEGER NULL,
    "Finding" TEXT NULL,
    "ClosedByName" TEXT NULL,
    CONSTRAINT "FK_care_alerts_care_entries_EntryId" FOREIGN KEY ("EntryId") REFERENCES "care_entries" ("Id") ON DELETE CASCADE
);
CREATE TABLE "care_checkins" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_care_checkins" PRIMARY KEY AUTOINCREMENT,
    "EntryId" INTEGER NOT NULL,
    "AreaPath" TEXT NOT NULL,
    "Day" TEXT NOT NULL,
    "MarkedAt" INTEGER NOT NULL,
    "MarkedByName" TEXT NOT NULL,
    CONSTRAINT "FK_care_checkins_care_entries_EntryId" FOREIGN KEY ("EntryId") REFERENCES "care_entries" ("Id") ON DELETE CASCADE
);
CREATE TABLE "care_visits" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_care_visits" PRIMARY KEY AUTOINCREMENT,
    "EntryId" INTEGER NOT NULL,
    "AreaPath" TEXT NOT NULL,
    "VisitedAt" INTEGER NOT NULL,
    "VisitorUserId" TEXT NULL,
    "VisitorName" TEXT NOT NULL,
    "ChecklistJson" TEXT NOT NULL,
    "ProblemCount" INTEGER NOT NULL,
    "Notes" TEXT NULL,
    "RequestTrackingCode" TEXT NULL,
    CONSTRAINT "FK_care_visits_care_entries_EntryId" FOREIGN KEY ("EntryId") REFERENCES "care_entries" ("Id") ON DELETE RESTRICT
);
CREATE INDEX "IX_care_alerts_AreaPath_ClosedAt" ON "care_alerts" ("AreaPath", "ClosedAt");
CREATE UNIQUE INDEX "IX_care_alerts_EntryId_Day" ON "care_alerts" ("EntryId", "Day");
CREATE UNIQUE INDEX "IX_care_checkins_EntryId_Day" ON "care_checkins" ("EntryId", "Day");
CREATE INDEX "IX_care_entries_AreaNodeId" ON "care_entries" ("AreaNodeId");
CREATE INDEX "IX_care_entries_AreaPath_NextDueOn" ON "care_entries" ("AreaPath", "NextDueOn");
CREATE INDEX "IX_care_entries_HouseholdId" ON "care_entries" ("HouseholdId");
CREATE UNIQUE INDEX "IX_care_entries_ResidentId" ON "care_entries" ("ResidentId");
CREATE INDEX "IX_care_visits_EntryId_VisitedAt" ON "care_visits" ("EntryId", "VisitedAt");
