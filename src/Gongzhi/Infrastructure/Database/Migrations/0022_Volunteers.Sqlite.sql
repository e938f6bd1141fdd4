-- Drafted from the model by 'schema-script draft' for Sqlite: table volunteer_skills, table volunteer_teams, table volunteer_activities, table volunteers, table activity_signups, table service_certificates, table service_orders.
-- Review it; add renames, drops and backfills by hand; the drift test checks the result.
CREATE TABLE "volunteer_skills" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_volunteer_skills" PRIMARY KEY AUTOINCREMENT,
    "Code" TEXT NOT NULL,
    "Name" TEXT NOT NULL,
    "Orderable" INTEGER NOT NULL,
    "SortOrder" INTEGER NOT NULL
);
CREATE TABLE "volunteer_teams" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_volunteer_teams" PRIMARY KEY AUTOINCREMENT,
    "Name" TEXT NOT NULL,
    "Level" INTEGER NOT NULL,
    "ParentId" INTEGER NULL,
    "AreaNodeId" INTEGER NOT NULL,
    "AreaPath" TEXT NOT NULL,
    "LeaderId" INTEGER NULL,
    "Description" TEXT NULL,
    "CreatedAt" INTEGER NOT NULL,
    CONSTRAINT "FK_volunteer_teams_area_nodes_AreaNodeId" FOREIGN KEY ("AreaNodeId") REFERENCES "area_nodes" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_volunteer_teams_volunteer_teams_ParentId" FOREIGN KEY ("ParentId") REFERENCES "volunteer_teams" ("Id") ON DELETE RESTRICT
);
CREATE TABLE "volunteer_activities" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_volunteer_activities" PRIMARY KEY AUTOINCREMENT,
    "Title" TEXT NOT NULL,
    "Category" TEXT NOT NULL,
    "Place" TEXT NOT NULL,
    "Description" TEXT NULL,
    "StartsAt" INTEGER NOT NULL,
    "EndsAt" INTEGER NOT NULL,
    "SignUpDeadline" INTEGER NOT NULL,
    "Capacity" INTEGER NOT NULL,
    "SignedUp" INTEGER NOT NULL,
    "NeededSkills" TEXT NOT NULL,
    "PointsPerHour" INTEGER NOT NULL,
    "PointsPerActivity" INTEGER NOT NULL,
    "AreaNodeId" INTEGER NOT NULL,
    "AreaPath" TEXT NOT NULL,
    "TeamId" INTEGER NULL,
    "OrganizerUserId" TEXT NOT NULL,
    "OrganizerName" TEXT NOT NULL,
    "QrSecret" TEXT NOT NULL,
    "Cancelled" INTEGER NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    CONSTRAINT "FK_volunteer_activities_area_nodes_AreaNodeId" FOREIGN KEY ("AreaNodeId") REFERENCES "area_nodes" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_volunteer_activities_volunteer_teams_TeamId" FOREIGN KEY ("TeamId") REFERENCES "volunteer_teams" ("Id") ON DELETE SET NULL
);
CREATE TABLE "volunteers" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_volunteers" PRIMARY KEY AUTOINCREMENT,
    "Name" TEXT NOT NULL,
    "Kind" INTEGER NOT NULL,
    "ResidentId" INTEGER NULL,
    "School" TEXT NULL,
    "College" TEXT NULL,
    "ClassName" TEXT NULL,
    "UserId" TEXT NULL,
    "AreaNodeId" INTEGER NOT NULL,
    "AreaPath" TEXT NOT NULL,
    "Skills" TEXT NOT NULL,
    "Availability" TEXT NULL,
    "ServiceAreas" TEXT NULL,
    "TeamId" INTEGER NULL,
    "Verified" INTEGER NOT NULL,
    "VerifiedAt" INTEGER NULL,
    "VerifiedBy" TEXT NULL,
    "MinutesServed" INTEGER NOT NULL,
    "ActivitiesServed" INTEGER NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    CONSTRAINT "FK_volunteers_area_nodes_AreaNodeId" FOREIGN KEY ("AreaNodeId") REFERENCES "area_nodes" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_volunteers_volunteer_teams_TeamId" FOREIGN KEY ("TeamId") REFERENCES "volunteer_teams" ("Id") ON DELETE SET NULL
);
CREATE TABLE "activity_signups" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_activity_signups" PRIMARY KEY AUTOINCREMENT,
    "ActivityId" INTEGER NOT NULL,
    "VolunteerId" INTEGER NOT NULL,
    "VolunteerName" TEXT NOT NULL,
    "VolunteerUserId" TEXT NULL,
    "AreaPath" TEXT NOT NULL,
    "State" INTEGER NOT NULL,
    "SignedUpAt" INTEGER NOT NULL,
    "CheckedInAt" INTEGER NULL,
    "CheckedOutAt" INTEGER NULL,
    "Minutes" INTEGER NULL,
    "ConfirmedAt" INTEGER NULL,
    "ConfirmedBy" TEXT NULL,
    "Points" INTEGER NULL,
    CONSTRAINT "FK_activity_signups_volunteer_activities_ActivityId" FOREIGN KEY ("ActivityId") REFERENCES "volunteer_activities" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_activity_signups_volunteers_VolunteerId" FOREIGN KEY ("VolunteerId") REFERENCES "volunteers" ("Id") ON DELETE RESTRICT
);
CREATE TABLE "service_certificates" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_service_certificates" PRIMARY KEY AUTOINCREMENT,
    "Code" TEXT NOT NULL,
    "VolunteerId" INTEGER NOT NULL,
    "VolunteerName" TEXT NOT NULL,
    "School" TEXT NULL,
    "Minutes" INTEGER NOT NULL,
    "Activities" INTEGER NOT NULL,
    "AreaPath" TEXT NOT NULL,
    "IssuedBy" TEXT NOT NULL,
    "IssuedAt" INTEGER NOT NULL,
    CONSTRAINT "FK_service_certificates_volunteers_VolunteerId" FOREIGN KEY ("VolunteerId") REFERENCES "volunteers" ("Id") ON DELETE RESTRICT
);
CREATE TABLE "service_orders" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_service_orders" PRIMARY KEY AUTOINCREMENT,
    "SkillCode" TEXT NOT NULL,
    "Description" TEXT NOT NULL,
    "ResidentId" INTEGER NULL,
    "RequesterName" TEXT NOT NULL,
    "RequesterUserId" TEXT NULL,
    "Address" TEXT NOT NULL,
    "AreaNodeId" INTEGER NOT NULL,
    "AreaPath" TEXT NOT NULL,
    "State" INTEGER NOT NULL,
    "VolunteerId" INTEGER NULL,
    "VolunteerName" TEXT NULL,
    "ClaimedAt" INTEGER NULL,
    "DoneAt" INTEGER NULL,
    "Minutes" INTEGER NULL,
    "Rating" INTEGER NULL,
    "Points" INTEGER NULL,
    "CreatedAt" INTEGER NOT NULL,
    CONSTRAINT "FK_service_orders_area_nodes_AreaNodeId" FOREIGN KEY ("AreaNodeId") REFERENCES "area_nodes" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_service_orders_volunteers_VolunteerId" FOREIGN KEY ("VolunteerId") REFERENCES "volunteers" ("Id") ON DELETE RESTRICT
);
CREATE UNIQUE INDEX "IX_activity_signups_ActivityId_VolunteerId" ON "activity_signups" ("ActivityId", "VolunteerId");
CREATE INDEX "IX_activity_signups_VolunteerId_State" ON "activity_signups" ("VolunteerId", "State");
CREATE UNIQUE INDEX "IX_service_certificates_Code" ON "service_certificates" ("Code");
CREATE INDEX "IX_service_certificates_VolunteerId" ON "service_certificates" ("VolunteerId");
CREATE INDEX "IX_service_orders_AreaNodeId" ON "service_orders" ("AreaNodeId");
CREATE INDEX "IX_service_orders_AreaPath_State" ON "service_orders" ("AreaPath", "State");
CREATE INDEX "IX_service_orders_VolunteerId" ON "service_orders" ("VolunteerId");
CREATE INDEX "IX_volunteer_activities_AreaNodeId" ON "volunteer_activities" ("AreaNodeId");
CREATE INDEX "IX_volunteer_activities_AreaPath_StartsAt" ON "volunteer_activities" ("AreaPath", "StartsAt");
CREATE INDEX "IX_volunteer_activities_StartsAt" ON "volunteer_activities" ("StartsAt");
CREATE INDEX "IX_volunteer_activities_TeamId" ON "volunteer_activities" ("TeamId");
CREATE UNIQUE INDEX "IX_volunteer_skills_Code" ON "volunteer_skills" ("Code");
CREATE INDEX "IX_volunteer_teams_AreaNodeId" ON "volunteer_teams" ("AreaNodeId");
CREATE INDEX "IX_volunteer_teams_AreaPath" ON "volunteer_teams" ("AreaPath");
CREATE INDEX "IX_volunteer_teams_ParentId" ON "volunteer_teams" ("ParentId");
CREATE INDEX "IX_volunteers_AreaNodeId" ON "volunteers" ("AreaNodeId");
CREATE INDEX "IX_volunteers_AreaPath_MinutesServed" ON "volunteers" ("AreaPath", "MinutesServed");
CREATE UNIQUE INDEX "IX_volunteers_ResidentId" ON "volunteers" ("ResidentId");
CREATE INDEX "IX_volunteers_TeamId" ON "volunteers" ("TeamId");
CREATE UNIQUE INDEX "IX_volunteers_UserId" ON "volunteers" ("UserId");
