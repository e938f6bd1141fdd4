-- Drafted from the model by 'schema-script draft' for Sqlite: table due_items, table due_reminders.
-- Review it; add renames, drops and backfills by hand; the drift test checks the result.
CREATE TABLE "due_items" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_due_items" PRIMARY KEY AUTOINCREMENT,
    "SourceKey" TEXT NULL,
    "Kind" INTEGER NOT NULL,
    "Title" TEXT NOT NULL,
    "AreaNodeId" INTEGER NOT NULL,
    "AreaPath" TEXT NOT NULL,
    "DueOn" TEXT NOT NULL,
    "OwnerUserId" TEXT NULL,
    "OwnerRole" TEXT NULL,
    "DaysBefore" TEXT NOT NULL,
    "OnTheDay" INTEGER NOT NULL,
    "OverdueEveryDays" INTEGER NOT NULL,
    "EscalateAfterDays" INTEGER NULL,
    "Link" TEXT NULL,
    "Note" TEXT NULL,
    "ClosedAt" INTEGER NULL,
    "ClosedNote" TEXT NULL,
    "ClosedByName" TEXT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "UpdatedAt" INTEGER NOT NULL,
    CONSTRAINT "FK_due_items_area_nodes_AreaNodeId" FOREIGN KEY ("AreaNodeId") REFERENCES "area_nodes" ("Id") ON DELETE RESTRICT
);
CREATE TABLE "due_reminders" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_due_reminders" PRIMARY KEY AUTOINCREMENT,
    "DueItemId" INTEGER NOT NULL,
    "DueOn" TEXT NOT NULL,
    "Point" TEXT NOT NULL,
    "SentAt" INTEGER NOT NULL,
    CONSTRAINT "FK_due_reminders_due_items_DueItemId" FOREIGN KEY ("DueItemId") REFERENCES "due_items" ("Id") ON DELETE CASCADE
);
CREATE INDEX "IX_due_items_AreaNodeId" ON "due_items" ("AreaNodeId");
CREATE INDEX "IX_due_items_AreaPath_DueOn" ON "due_items" ("AreaPath", "DueOn");
CREATE INDEX "IX_due_items_ClosedAt_DueOn" ON "due_items" ("ClosedAt", "DueOn");
CREATE UNIQUE INDEX "IX_due_items_SourceKey" ON "due_items" ("SourceKey");
CREATE UNIQUE INDEX "IX_due_reminders_DueItemId_DueOn_Point" ON "due_reminders" ("DueItemId", "DueOn", "Point");
