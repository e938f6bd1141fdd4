-- Drafted from the model by 'schema-script draft' for Sqlite: table request_categories, table requests, table request_events, table request_whistles.
-- Review it; add renames, drops and backfills by hand; the drift test checks the result.
CREATE TABLE "request_categories" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_request_categories" PRIMARY KEY AUTOINCREMENT,
    "Code" TEXT NOT NULL,
    "Name" TEXT NOT NULL,
    "ParentId" INTEGER NULL,
    "HandlerLevel" INTEGER NOT NULL,
    "AcceptWithinHours" INTEGER NOT NULL,
    "ResolveWithinHours" INTEGER NOT NULL,
    "SortOrder" INTEGER NOT NULL,
    "RetiredAt" INTEGER NULL,
    CONSTRAINT "FK_request_categories_request_categories_ParentId" FOREIGN KEY ("ParentId") REFERENCES "request_categories" ("Id") ON DELETE RESTRICT
);
CREATE TABLE "requests" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_requests" PRIMARY KEY AUTOINCREMENT,
    "TrackingCode" TEXT NOT NULL,
    "Channel" INTEGER NOT NULL,
    "Status" INTEGER NOT NULL,
    "CategoryId" INTEGER NOT NULL,
    "AreaNodeId" INTEGER NOT NULL,
    "AreaPath" TEXT NOT NULL,
    "HouseholdId" INTEGER NULL,
    "Address" TEXT NULL,
    "SubmitterName" TEXT NULL,
    "SubmitterPhoneCipher" TEXT NULL,
    "SubmitterPhoneHash" TEXT NULL,
    "SubmitterPhoneMasked" TEXT NULL,
    "Description" TEXT NOT NULL,
    "Latitude" REAL NULL,
    "Longitude" REAL NULL,
    "CreatedByUserId" TEXT NULL,
    "SubmittedAt" INTEGER NOT NULL,
    "AcceptedAt" INTEGER NULL,
    "AssignedAt" INTEGER NULL,
    "StartedAt" INTEGER NULL,
    "ResolvedAt" INTEGER NULL,
    "FeedbackAt" INTEGER NULL,
    "ReturnVisitAt" INTEGER NULL,
    "ClosedAt" INTEGER NULL,
    "AcceptDueAt" INTEGER NOT NULL,
    "ResolveDueAt" INTEGER NOT NULL,
    "AcceptWarnedAt" INTEGER NULL,
    "AcceptOverdueAt" INTEGER NULL,
    "ResolveWarnedAt" INTEGER NULL,
    "ResolveOverdueAt" INTEGER NULL,
    "OverdueMinutes" INTEGER NOT NULL,
    "FirstResponsibleUserId" TEXT NULL,
    "FirstResponsibleName" TEXT NULL,
    "HandlerUserId" TEXT NULL,
    "HandlerDepartmentId" INTEGER NULL,
    "HandlerName" TEXT NULL,
    "ResolutionNote" TEXT NULL,
    "Satisfied" INTEGER NULL,
    "SatisfactionScore" INTEGER NULL,
    "ReopenCount" INTEGER NOT NULL,
    "Revision" INTEGER NOT NULL,
    CONSTRAINT "FK_requests_area_nodes_AreaNodeId" FOREIGN KEY ("AreaNodeId") REFERENCES "area_nodes" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_requests_departments_HandlerDepartmentId" FOREIGN KEY ("HandlerDepartmentId") REFERENCES "departments" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_requests_households_HouseholdId" FOREIGN KEY ("HouseholdId") REFERENCES "households" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_requests_request_categories_CategoryId" FOREIGN KEY ("CategoryId") REFERENCES "request_categories" ("Id") ON DELETE RESTRICT
);
CREATE TABLE "request_events" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_request_events" PRIMARY KEY AUTOINCREMENT,
    "RequestId" INTEGER NOT NULL,
    "At" INTEGER NOT NULL,
    "Kind" INTEGER NOT NULL,
    "ActorUserId" TEXT NULL,
    "ActorName" TEXT NOT NULL,
    "Target" TEXT NULL,
    "Note" TEXT NULL,
    CONSTRAINT "FK_request_events_requests_RequestId" FOREIGN KEY ("RequestId") REFERENCES "requests" ("Id") ON DELETE CASCADE
);
CREATE TABLE "request_whistles" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_request_whistles" PRIMARY KEY AUTOINCREMENT,
    "RequestId" INTEGER NOT NULL,
    "DepartmentId" INTEGER NOT NULL,
    "DepartmentName" TEXT NOT NULL,
    "Reason" TEXT NOT NULL,
    "WhistledAt" INTEGER NOT NULL,
    "WhistledByUserId" TEXT NULL,
    "WhistledByName" TEXT NOT NULL,
    "ReportDueAt" INTEGER NOT NULL,
    "ReportedAt" INTEGER NULL,
    "ReportedByName" TEXT NULL,
    "ActedAt" INTEGER NULL,
    "ActedByName" TEXT NULL,
    "ActionNote" TEXT NULL,
    CONSTRAINT "FK_request_whistles_departments_DepartmentId" FOREIGN KEY ("DepartmentId") REFERENCES "departments" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_request_whistles_requests_RequestId" FOREIGN KEY ("RequestId") REFERENCES "requests" ("Id") ON DELETE CASCADE
);
CREATE UNIQUE INDEX "IX_request_categories_Code" ON "request_categories" ("Code");
CREATE INDEX "IX_request_categories_ParentId" ON "request_categories" ("ParentId");
CREATE INDEX "IX_request_events_RequestId_At" ON "request_events" ("RequestId", "At");
CREATE INDEX "IX_request_whistles_DepartmentId_ReportedAt" ON "request_whistles" ("DepartmentId", "ReportedAt");
CREATE UNIQUE INDEX "IX_request_whistles_RequestId_DepartmentId" ON "request_whistles" ("RequestId", "DepartmentId");
CREATE INDEX "IX_requests_AreaNodeId" ON "requests" ("AreaNodeId");
CREATE INDEX "IX_requests_AreaPath_SubmittedAt" ON "requests" ("AreaPath", "SubmittedAt");
CREATE INDEX "IX_requests_CategoryId" ON "requests" ("CategoryId");
CREATE INDEX "IX_requests_FirstResponsibleUserId" ON "requests" ("FirstResponsibleUserId");
CREATE INDEX "IX_requests_HandlerDepartmentId" ON "requests" ("HandlerDepartmentId");
CREATE INDEX "IX_requests_HandlerUserId" ON "requests" ("HandlerUserId");
CREATE INDEX "IX_requests_HouseholdId" ON "requests" ("HouseholdId");
CREATE INDEX "IX_requests_Status_AcceptDueAt" ON "requests" ("Status", "AcceptDueAt");
CREATE INDEX "IX_requests_Status_ResolveDueAt" ON "requests" ("Status", "ResolveDueAt");
CREATE INDEX "IX_requests_SubmitterPhoneHash" ON "requests" ("SubmitterPhoneHash");
CREATE UNIQUE INDEX "IX_requests_TrackingCode" ON "requests" ("TrackingCode");
