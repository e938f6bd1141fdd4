-- Drafted from the model by 'schema-script draft' for Sqlite: table notices.
-- Review it; add renames, drops and backfills by hand; the drift test checks the result.
CREATE TABLE "notices" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_notices" PRIMARY KEY AUTOINCREMENT,
    "Title" TEXT NOT NULL,
    "Body" TEXT NOT NULL,
    "Urgency" INTEGER NOT NULL,
    "Channels" INTEGER NOT NULL,
    "AreaCodes" TEXT NOT NULL,
    "Tags" TEXT NULL,
    "MinAge" INTEGER NULL,
    "MaxAge" INTEGER NULL,
    "AreaNodeId" INTEGER NOT NULL,
    "AreaPath" TEXT NOT NULL,
    "State" INTEGER NOT NULL,
    "PublishAt" INTEGER NOT NULL,
    "PublishedAt" INTEGER NULL,
    "WithdrawnAt" INTEGER NULL,
    "RecipientCount" INTEGER NOT NULL,
    "CreatedBy" TEXT NULL,
    "CreatedAt" INTEGER NOT NULL,
    CONSTRAINT "FK_notices_area_nodes_AreaNodeId" FOREIGN KEY ("AreaNodeId") REFERENCES "area_nodes" ("Id") ON DELETE RESTRICT
);
CREATE INDEX "IX_notices_AreaNodeId" ON "notices" ("AreaNodeId");
CREATE INDEX "IX_notices_AreaPath" ON "notices" ("AreaPath");
CREATE INDEX "IX_notices_State_PublishAt" ON "notices" ("State", "PublishAt");
