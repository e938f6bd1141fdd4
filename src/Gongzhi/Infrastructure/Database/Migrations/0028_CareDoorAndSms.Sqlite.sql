-- 窗帘之约 by door QR code and SMS reply code (care_door_tokens, care_checkin_phones, care_entries.SmsReplyCode,
-- care_checkins.Channel) and the household-contact fallback of the policies' 双提醒 (policy_reminders.SmsToHouseholdContact).
ALTER TABLE "care_entries" ADD "SmsReplyCode" TEXT NULL;
ALTER TABLE "policy_reminders" ADD "SmsToHouseholdContact" INTEGER NOT NULL DEFAULT 0;
CREATE TABLE "care_checkin_phones" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_care_checkin_phones" PRIMARY KEY AUTOINCREMENT,
    "EntryId" INTEGER NOT NULL,
    "AreaPath" TEXT NOT NULL,
    "PhoneHash" TEXT NOT NULL,
    "PhoneCipher" TEXT NOT NULL,
    "PhoneMasked" TEXT NOT NULL,
    CONSTRAINT "FK_care_checkin_phones_care_entries_EntryId" FOREIGN KEY ("EntryId") REFERENCES "care_entries" ("Id") ON DELETE CASCADE
);
ALTER TABLE "care_checkins" ADD "Channel" INTEGER NOT NULL DEFAULT 1;
CREATE TABLE "care_door_tokens" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_care_door_tokens" PRIMARY KEY AUTOINCREMENT,
    "EntryId" INTEGER NOT NULL,
    "AreaPath" TEXT NOT NULL,
    "TokenHash" TEXT NOT NULL,
    "TokenCipher" TEXT NOT NULL,
    "IssuedAt" INTEGER NOT NULL,
    "IssuedByName" TEXT NOT NULL,
    "RevokedAt" INTEGER NULL,
    "RevokedByName" TEXT NULL,
    CONSTRAINT "FK_care_door_tokens_care_entries_EntryId" FOREIGN KEY ("EntryId") REFERENCES "care_entries" ("Id") ON DELETE CASCADE
);
CREATE UNIQUE INDEX "IX_care_checkin_phones_EntryId_PhoneHash" ON "care_checkin_phones" ("EntryId", "PhoneHash");
CREATE INDEX "IX_care_checkin_phones_PhoneHash" ON "care_checkin_phones" ("PhoneHash");
CREATE INDEX "IX_care_door_tokens_EntryId_RevokedAt" ON "care_door_tokens" ("EntryId", "RevokedAt");
CREATE UNIQUE INDEX "IX_care_door_tokens_TokenHash" ON "care_door_tokens" ("TokenHash");
CREATE UNIQUE INDEX "IX_care_entries_SmsReplyCode" ON "care_entries" ("SmsReplyCode");
