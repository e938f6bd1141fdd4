-- Drafted from the model by 'schema-script draft' for Sqlite: table award_titles, table leader_duties, table award_nominations, table building_leaders, table leader_duty_records.
-- Review it; add renames, drops and backfills by hand; the drift test checks the result.
CREATE TABLE "award_titles" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_award_titles" PRIMARY KEY AUTOINCREMENT,
    "Code" TEXT NOT NULL,
    "Name" TEXT NOT NULL,
    "NomineeKind" INTEGER NOT NULL,
    "Limit" INTEGER NULL,
    "BonusPoints" INTEGER NOT NULL,
    "SortOrder" INTEGER NOT NULL
);
CREATE TABLE "leader_duties" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_leader_duties" PRIMARY KEY AUTOINCREMENT,
    "Code" TEXT NOT NULL,
    "Name" TEXT NOT NULL,
    "Points" INTEGER NOT NULL,
    "Active" INTEGER NOT NULL,
    "SortOrder" INTEGER NOT NULL
);
CREATE TABLE "award_nominations" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_award_nominations" PRIMARY KEY AUTOINCREMENT,
    "TitleCode" TEXT NOT NULL,
    "Year" INTEGER NOT NULL,
    "AreaNodeId" INTEGER NOT NULL,
    "AreaPath" TEXT NOT NULL,
    "NomineeKind" INTEGER NOT NULL,
    "NomineeId" INTEGER NOT NULL,
    "NomineeName" TEXT NOT NULL,
    "Reason" TEXT NOT NULL,
    "Evidence" TEXT NOT NULL,
    "NominatedBy" TEXT NULL,
    "NominatedByName" TEXT NULL,
    "NominatedAt" INTEGER NOT NULL,
    "State" INTEGER NOT NULL,
    "DecidedBy" TEXT NULL,
    "DecidedAt" INTEGER NULL,
    "DecisionNote" TEXT NULL,
    "AwardKey" TEXT NULL,
    "BonusPoints" INTEGER NULL,
    CONSTRAINT "FK_award_nominations_area_nodes_AreaNodeId" FOREIGN KEY ("AreaNodeId") REFERENCES "area_nodes" ("Id") ON DELETE RESTRICT
);
CREATE TABLE "building_leaders" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_building_leaders" PRIMARY KEY AUTOINCREMENT,
    "VolunteerId" INTEGER NOT NULL,
    "VolunteerName" TEXT NOT NULL,
    "AreaNodeId" INTEGER NOT NULL,
    "BuildingName" TEXT NOT NULL,
    "AreaPath" TEXT NOT NULL,
    "Since" INTEGER NOT NULL,
    "AppointedBy" TEXT NULL,
    CONSTRAINT "FK_building_leaders_area_nodes_AreaNodeId" FOREIGN KEY ("AreaNodeId") REFERENCES "area_nodes" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_building_leaders_volunteers_VolunteerId" FOREIGN KEY ("VolunteerId") REFERENCES "volunteers" ("Id") ON DELETE RESTRICT
);
CREATE TABLE "leader_duty_records" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_leader_duty_records" PRIMARY KEY AUTOINCREMENT,
    "LeaderId" INTEGER NOT NULL,
    "VolunteerId" INTEGER NOT NULL,
    "DutyCode" TEXT NOT NULL,
    "DutyName" TEXT NOT NULL,
    "DoneOn" TEXT NOT NULL,
    "Note" TEXT NULL,
    "PointsAsked" INTEGER NOT NULL,
    "PointsCredited" INTEGER NULL,
    "IdempotencyKey" TEXT NOT NULL,
    "RecordedBy" TEXT NULL,
    "RecordedAt" INTEGER NOT NULL,
    "AreaPath" TEXT NOT NULL,
    CONSTRAINT "FK_leader_duty_records_building_leaders_LeaderId" FOREIGN KEY ("LeaderId") REFERENCES "building_leaders" ("Id") ON DELETE RESTRICT
);
CREATE INDEX "IX_award_nominations_AreaNodeId" ON "award_nominations" ("AreaNodeId");
CREATE INDEX "IX_award_nominations_AreaPath_Year" ON "award_nominations" ("AreaPath", "Year");
CREATE UNIQUE INDEX "IX_award_nominations_AwardKey" ON "award_nominations" ("AwardKey");
CREATE INDEX "IX_award_nominations_NomineeKind_NomineeId" ON "award_nominations" ("NomineeKind", "NomineeId");
CREATE UNIQUE INDEX "IX_award_titles_Code" ON "award_titles" ("Code");
CREATE UNIQUE INDEX "IX_building_leaders_AreaNodeId_VolunteerId" ON "building_leaders" ("AreaNodeId", "VolunteerId");
CREATE INDEX "IX_building_leaders_AreaPath" ON "building_leaders" ("AreaPath");
CREATE INDEX "IX_building_leaders_VolunteerId" ON "building_leaders" ("VolunteerId");
CREATE UNIQUE INDEX "IX_leader_duties_Code" ON "leader_duties" ("Code");
CREATE UNIQUE INDEX "IX_leader_duty_records_IdempotencyKey" ON "leader_duty_records" ("IdempotencyKey");
CREATE INDEX "IX_leader_duty_records_LeaderId_DoneOn" ON "leader_duty_records" ("LeaderId", "DoneOn");
