-- Drafted from the model by 'schema-script draft' for Sqlite: table job_leases, table job_runs, table notification_preferences, table notification_templates, table notifications, table wecom_robots, table notification_deliveries, table notification_attempts.
-- Review it; add renames, drops and backfills by hand; the drift test checks the result.
CREATE TABLE "job_leases" (
    "Name" TEXT NOT NULL CONSTRAINT "PK_job_leases" PRIMARY KEY,
    "Paused" INTEGER NOT NULL,
    "Holder" TEXT NULL,
    "LeaseUntil" INTEGER NULL,
    "LastTick" INTEGER NULL,
    "RunRequested" INTEGER NOT NULL
);
CREATE TABLE "job_runs" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_job_runs" PRIMARY KEY AUTOINCREMENT,
    "Name" TEXT NOT NULL,
    "Tick" INTEGER NULL,
    "StartedAt" INTEGER NOT NULL,
    "FinishedAt" INTEGER NULL,
    "Outcome" INTEGER NOT NULL,
    "Error" TEXT NULL,
    "Node" TEXT NULL
);
CREATE TABLE "notification_preferences" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_notification_preferences" PRIMARY KEY AUTOINCREMENT,
    "UserId" TEXT NOT NULL,
    "Kind" TEXT NOT NULL,
    "Sms" INTEGER NOT NULL,
    "Email" INTEGER NOT NULL
);
CREATE TABLE "notification_templates" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_notification_templates" PRIMARY KEY AUTOINCREMENT,
    "Kind" TEXT NOT NULL,
    "Culture" TEXT NOT NULL,
    "Title" TEXT NOT NULL,
    "Body" TEXT NOT NULL,
    "UpdatedAt" INTEGER NOT NULL,
    "UpdatedBy" TEXT NULL
);
CREATE TABLE "notifications" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_notifications" PRIMARY KEY AUTOINCREMENT,
    "DedupKey" TEXT NOT NULL,
    "Kind" TEXT NOT NULL,
    "Module" TEXT NOT NULL,
    "RecipientUserId" TEXT NULL,
    "RecipientResidentId" INTEGER NULL,
    "Culture" TEXT NOT NULL,
    "Title" TEXT NOT NULL,
    "Body" TEXT NOT NULL,
    "Link" TEXT NULL,
    "Urgent" INTEGER NOT NULL,
    "InApp" INTEGER NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "ReadAt" INTEGER NULL
);
CREATE TABLE "wecom_robots" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_wecom_robots" PRIMARY KEY AUTOINCREMENT,
    "Name" TEXT NOT NULL,
    "AreaNodeId" INTEGER NOT NULL,
    "AreaPath" TEXT NOT NULL,
    "UrlCipher" TEXT NOT NULL,
    "UrlMasked" TEXT NOT NULL,
    "UpdatedAt" INTEGER NOT NULL,
    CONSTRAINT "FK_wecom_robots_area_nodes_AreaNodeId" FOREIGN KEY ("AreaNodeId") REFERENCES "area_nodes" ("Id") ON DELETE RESTRICT
);
CREATE TABLE "notification_deliveries" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_notification_deliveries" PRIMARY KEY AUTOINCREMENT,
    "NotificationId" INTEGER NOT NULL,
    "Channel" INTEGER NOT NULL,
    "State" INTEGER NOT NULL,
    "Address" TEXT NULL,
    "AddressMasked" TEXT NULL,
    "Options" TEXT NULL,
    "Attempts" INTEGER NOT NULL,
    "NextAttemptAt" INTEGER NOT NULL,
    "ClaimedBy" TEXT NULL,
    "ClaimedUntil" INTEGER NULL,
    "SentAt" INTEGER NULL,
    "LastError" TEXT NULL,
    CONSTRAINT "FK_notification_deliveries_notifications_NotificationId" FOREIGN KEY ("NotificationId") REFERENCES "notifications" ("Id") ON DELETE CASCADE
);
CREATE TABLE "notification_attempts" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_notification_attempts" PRIMARY KEY AUTOINCREMENT,
    "DeliveryId" INTEGER NOT NULL,
    "StartedAt" INTEGER NOT NULL,
    "FinishedAt" INTEGER NULL,
    "Outcome" INTEGER NOT NULL,
    "Response" TEXT NULL,
    "Worker" TEXT NULL,
    CONSTRAINT "FK_notification_attempts_notification_deliveries_DeliveryId" FOREIGN KEY ("DeliveryId") REFERENCES "notification_deliveries" ("Id") ON DELETE CASCADE
);
CREATE INDEX "IX_job_runs_Name_StartedAt" ON "job_runs" ("Name", "StartedAt");
CREATE INDEX "IX_notification_attempts_DeliveryId" ON "notification_attempts" ("DeliveryId");
CREATE INDEX "IX_notification_deliveries_NotificationId" ON "notification_deliveries" ("NotificationId");
CREATE INDEX "IX_notification_deliveries_State_NextAttemptAt" ON "notification_deliveries" ("State", "NextAttemptAt");
CREATE UNIQUE INDEX "IX_notification_preferences_UserId_Kind" ON "notification_preferences" ("UserId", "Kind");
CREATE UNIQUE INDEX "IX_notification_templates_Kind_Culture" ON "notification_templates" ("Kind", "Culture");
CREATE UNIQUE INDEX "IX_notifications_DedupKey" ON "notifications" ("DedupKey");
CREATE INDEX "IX_notifications_RecipientUserId_CreatedAt" ON "notifications" ("RecipientUserId", "CreatedAt");
CREATE INDEX "IX_wecom_robots_AreaNodeId" ON "wecom_robots" ("AreaNodeId");
CREATE INDEX "IX_wecom_robots_AreaPath" ON "wecom_robots" ("AreaPath");
CREATE UNIQUE INDEX "IX_wecom_robots_Name" ON "wecom_robots" ("Name");
