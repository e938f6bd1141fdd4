-- Drafted from the model by 'schema-script draft' for Sqlite: column policies.ReminderLeadTimes, table policy_reminders.
-- Review it; add renames, drops and backfills by hand; the drift test checks the result.
ALTER TABLE "policies" ADD "ReminderLeadTimes" TEXT NOT NULL DEFAULT '';
-- One lead day became a list of lead times ("30,7"): carry the old value over, then drop the old column.
UPDATE "policies" SET "ReminderLeadTimes" = CAST("ReminderLeadDays" AS TEXT) WHERE "ReminderLeadDays" > 0;
ALTER TABLE "policies" DROP COLUMN "ReminderLeadDays";
CREATE TABLE "policy_reminders" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_policy_reminders" PRIMARY KEY AUTOINCREMENT,
    "PolicyId" INTEGER NOT NULL,
    "ResidentId" INTEGER NOT NULL,
    "AreaPath" TEXT NOT NULL,
    "LeadDays" INTEGER NOT NULL,
    "EligibleOn" TEXT NOT NULL,
    "TaskKey" TEXT NOT NULL,
    "SmsKey" TEXT NULL,
    "SentAt" INTEGER NOT NULL,
    CONSTRAINT "FK_policy_reminders_policies_PolicyId" FOREIGN KEY ("PolicyId") REFERENCES "policies" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_policy_reminders_residents_ResidentId" FOREIGN KEY ("ResidentId") REFERENCES "residents" ("Id") ON DELETE RESTRICT
);
CREATE INDEX "IX_policy_reminders_AreaPath" ON "policy_reminders" ("AreaPath");
CREATE UNIQUE INDEX "IX_policy_reminders_PolicyId_ResidentId_EligibleOn_LeadDays" ON "policy_reminders" ("PolicyId", "ResidentId", "EligibleOn", "LeadDays");
CREATE INDEX "IX_policy_reminders_ResidentId" ON "policy_reminders" ("ResidentId");
