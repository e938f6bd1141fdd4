-- Drafted from the model by 'schema-script draft' for Sqlite: table channel_rate_keys, table channel_rate_sends.
-- Review it; add renames, drops and backfills by hand; the drift test checks the result.
CREATE TABLE "channel_rate_keys" (
    "Key" TEXT NOT NULL CONSTRAINT "PK_channel_rate_keys" PRIMARY KEY,
    "Taken" INTEGER NOT NULL
);
CREATE TABLE "channel_rate_sends" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_channel_rate_sends" PRIMARY KEY AUTOINCREMENT,
    "Key" TEXT NOT NULL,
    "At" INTEGER NOT NULL
);
CREATE INDEX "IX_channel_rate_sends_Key_At" ON "channel_rate_sends" ("Key", "At");
