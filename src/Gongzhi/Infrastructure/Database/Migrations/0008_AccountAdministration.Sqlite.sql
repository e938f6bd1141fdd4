-- Drafted from the model by 'schema-script draft' for Sqlite: column AspNetUsers.LastSignInAt, column AspNetUsers.MustChangePassword, column AspNetUsers.LockReason, table sign_in_attempts, table password_reset_links.
-- Review it; add renames, drops and backfills by hand; the drift test checks the result.
ALTER TABLE "AspNetUsers" ADD "LastSignInAt" INTEGER NULL;
ALTER TABLE "AspNetUsers" ADD "MustChangePassword" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "AspNetUsers" ADD "LockReason" TEXT NULL;
CREATE TABLE "sign_in_attempts" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_sign_in_attempts" PRIMARY KEY AUTOINCREMENT,
    "At" INTEGER NOT NULL,
    "UserName" TEXT NOT NULL,
    "UserId" TEXT NULL,
    "IpAddress" TEXT NULL,
    "Failure" INTEGER NOT NULL
);
CREATE TABLE "password_reset_links" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_password_reset_links" PRIMARY KEY AUTOINCREMENT,
    "UserId" TEXT NOT NULL,
    "TokenHash" TEXT NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "ExpiresAt" INTEGER NOT NULL,
    "UsedAt" INTEGER NULL,
    "CreatedBy" TEXT NULL,
    CONSTRAINT "FK_password_reset_links_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE
);
CREATE UNIQUE INDEX "IX_password_reset_links_TokenHash" ON "password_reset_links" ("TokenHash");
CREATE INDEX "IX_password_reset_links_UserId" ON "password_reset_links" ("UserId");
CREATE INDEX "IX_sign_in_attempts_At" ON "sign_in_attempts" ("At");
CREATE INDEX "IX_sign_in_attempts_UserName_At" ON "sign_in_attempts" ("UserName", "At");
