-- Drafted from the model by 'schema-script draft' for Sqlite: table notice_attachments.
-- Review it; add renames, drops and backfills by hand; the drift test checks the result.
CREATE TABLE "notice_attachments" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_notice_attachments" PRIMARY KEY AUTOINCREMENT,
    "NoticeId" INTEGER NOT NULL,
    "Token" TEXT NOT NULL,
    "FileName" TEXT NOT NULL,
    "ContentType" TEXT NOT NULL,
    "Length" INTEGER NOT NULL,
    "Content" BLOB NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    CONSTRAINT "FK_notice_attachments_notices_NoticeId" FOREIGN KEY ("NoticeId") REFERENCES "notices" ("Id") ON DELETE CASCADE
);
CREATE INDEX "IX_notice_attachments_NoticeId" ON "notice_attachments" ("NoticeId");
CREATE UNIQUE INDEX "IX_notice_attachments_Token" ON "notice_attachments" ("Token");
