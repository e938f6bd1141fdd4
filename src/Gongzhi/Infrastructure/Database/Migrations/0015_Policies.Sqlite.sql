-- Policy targeting (政策找人): policies with their eligibility rules, and who is enrolled in each.
CREATE TABLE "policies" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_policies" PRIMARY KEY AUTOINCREMENT,
    "Name" TEXT NOT NULL,
    "Department" TEXT NOT NULL,
    "Description" TEXT NULL,
    "LegalBasis" TEXT NULL,
    "Benefit" TEXT NULL,
    "AreaNodeId" INTEGER NOT NULL,
    "AreaPath" TEXT NOT NULL,
    "Rule" TEXT NOT NULL,
    "ReminderLeadDays" INTEGER NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "UpdatedAt" INTEGER NOT NULL,
    "RetiredAt" INTEGER NULL,
    CONSTRAINT "FK_policies_area_nodes_AreaNodeId" FOREIGN KEY ("AreaNodeId") REFERENCES "area_nodes" ("Id") ON DELETE RESTRICT
);
CREATE TABLE "policy_enrolments" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_policy_enrolments" PRIMARY KEY AUTOINCREMENT,
    "PolicyId" INTEGER NOT NULL,
    "ResidentId" INTEGER NOT NULL,
    "EnrolledOn" TEXT NOT NULL,
    "Source" INTEGER NOT NULL,
    "SourceNote" TEXT NULL,
    "EndedOn" TEXT NULL,
    "EndReason" TEXT NULL,
    "RecordedBy" TEXT NULL,
    "RecordedAt" INTEGER NOT NULL,
    CONSTRAINT "FK_policy_enrolments_policies_PolicyId" FOREIGN KEY ("PolicyId") REFERENCES "policies" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_policy_enrolments_residents_ResidentId" FOREIGN KEY ("ResidentId") REFERENCES "residents" ("Id") ON DELETE RESTRICT
);
CREATE INDEX "IX_policies_AreaNodeId" ON "policies" ("AreaNodeId");
CREATE INDEX "IX_policies_AreaPath" ON "policies" ("AreaPath");
CREATE UNIQUE INDEX "IX_policy_enrolments_PolicyId_ResidentId" ON "policy_enrolments" ("PolicyId", "ResidentId");
CREATE INDEX "IX_policy_enrolments_ResidentId" ON "policy_enrolments" ("ResidentId");
