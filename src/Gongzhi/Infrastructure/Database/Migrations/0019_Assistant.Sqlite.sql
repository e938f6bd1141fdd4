-- Drafted from the model by 'schema-script draft' for Sqlite: table knowledge_entries, table assistant_questions.
-- Review it; add renames, drops and backfills by hand; the drift test checks the result.
CREATE TABLE "knowledge_entries" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_knowledge_entries" PRIMARY KEY AUTOINCREMENT,
    "Title" TEXT NOT NULL,
    "Questions" TEXT NOT NULL,
    "Answer" TEXT NOT NULL,
    "SourceKind" INTEGER NOT NULL,
    "SourceRef" TEXT NULL,
    "CreatedBy" TEXT NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "UpdatedAt" INTEGER NOT NULL
);
CREATE TABLE "assistant_questions" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_assistant_questions" PRIMARY KEY AUTOINCREMENT,
    "Text" TEXT NOT NULL,
    "Channel" INTEGER NOT NULL,
    "State" INTEGER NOT NULL,
    "TopScore" REAL NOT NULL,
    "TopTitle" TEXT NULL,
    "PassedOn" INTEGER NOT NULL,
    "AskedAt" INTEGER NOT NULL,
    "StaffAnswer" TEXT NULL,
    "AnsweredBy" TEXT NULL,
    "AnsweredAt" INTEGER NULL,
    "EntryId" INTEGER NULL,
    CONSTRAINT "FK_assistant_questions_knowledge_entries_EntryId" FOREIGN KEY ("EntryId") REFERENCES "knowledge_entries" ("Id") ON DELETE SET NULL
);
CREATE INDEX "IX_assistant_questions_EntryId" ON "assistant_questions" ("EntryId");
CREATE INDEX "IX_assistant_questions_State_AskedAt" ON "assistant_questions" ("State", "AskedAt");
