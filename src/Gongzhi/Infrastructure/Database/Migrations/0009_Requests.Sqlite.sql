-- Drafted from the model by 'schema-script draft' for Sqlite: table request_categories.
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
CREATE UNIQUE INDEX "IX_request_categories_Code" ON "request_categories" ("Code");
CREATE INDEX "IX_request_categories_ParentId" ON "request_categories" ("ParentId");
