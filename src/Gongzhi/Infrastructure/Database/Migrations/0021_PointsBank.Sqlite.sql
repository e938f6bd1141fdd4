-- Drafted from the model by 'schema-script draft' for Sqlite: table points_transactions, table points_bank_nodes, table points_accounts, table points_shop_items, table points_adjustments, table points_movements, table points_redemptions.
-- Review it; add renames, drops and backfills by hand; the drift test checks the result.
CREATE TABLE "points_transactions" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_points_transactions" PRIMARY KEY AUTOINCREMENT,
    "Kind" INTEGER NOT NULL,
    "IdempotencyKey" TEXT NOT NULL,
    "ReversesId" INTEGER NULL,
    "Reason" TEXT NOT NULL,
    "SourceKind" TEXT NULL,
    "SourceId" TEXT NULL,
    "PostedByUserId" TEXT NULL,
    "PostedByName" TEXT NULL,
    "PostedAt" INTEGER NOT NULL,
    CONSTRAINT "FK_points_transactions_points_transactions_ReversesId" FOREIGN KEY ("ReversesId") REFERENCES "points_transactions" ("Id") ON DELETE RESTRICT
);
CREATE TABLE "points_bank_nodes" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_points_bank_nodes" PRIMARY KEY AUTOINCREMENT,
    "AreaNodeId" INTEGER NOT NULL,
    "AreaPath" TEXT NOT NULL,
    "Name" TEXT NOT NULL,
    "Tier" INTEGER NOT NULL,
    "ParentId" INTEGER NULL,
    "PointsPerHour" INTEGER NULL,
    "DailyCap" INTEGER NULL,
    "YearlyCap" INTEGER NULL,
    "BonusPercent" INTEGER NULL,
    "CreatedAt" INTEGER NOT NULL,
    CONSTRAINT "FK_points_bank_nodes_area_nodes_AreaNodeId" FOREIGN KEY ("AreaNodeId") REFERENCES "area_nodes" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_points_bank_nodes_points_bank_nodes_ParentId" FOREIGN KEY ("ParentId") REFERENCES "points_bank_nodes" ("Id") ON DELETE RESTRICT
);
CREATE TABLE "points_accounts" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_points_accounts" PRIMARY KEY AUTOINCREMENT,
    "Kind" INTEGER NOT NULL,
    "BankNodeId" INTEGER NOT NULL,
    "AreaPath" TEXT NOT NULL,
    "VolunteerId" INTEGER NULL,
    "HolderAreaNodeId" INTEGER NULL,
    "HolderName" TEXT NULL,
    "HolderUserId" TEXT NULL,
    "Balance" INTEGER NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    CONSTRAINT "CK_points_accounts_balance" CHECK ("Kind" = 1 OR "Balance" >= 0),
    CONSTRAINT "FK_points_accounts_points_bank_nodes_BankNodeId" FOREIGN KEY ("BankNodeId") REFERENCES "points_bank_nodes" ("Id") ON DELETE RESTRICT
);
CREATE TABLE "points_shop_items" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_points_shop_items" PRIMARY KEY AUTOINCREMENT,
    "BankNodeId" INTEGER NOT NULL,
    "AreaPath" TEXT NOT NULL,
    "Name" TEXT NOT NULL,
    "Kind" INTEGER NOT NULL,
    "Description" TEXT NULL,
    "PricePoints" INTEGER NOT NULL,
    "Stock" INTEGER NOT NULL,
    "PhotoUrl" TEXT NULL,
    "IsActive" INTEGER NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    CONSTRAINT "CK_points_shop_items_stock" CHECK ("Stock" >= 0),
    CONSTRAINT "FK_points_shop_items_points_bank_nodes_BankNodeId" FOREIGN KEY ("BankNodeId") REFERENCES "points_bank_nodes" ("Id") ON DELETE RESTRICT
);
CREATE TABLE "points_adjustments" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_points_adjustments" PRIMARY KEY AUTOINCREMENT,
    "AccountId" INTEGER NOT NULL,
    "AreaPath" TEXT NOT NULL,
    "Amount" INTEGER NOT NULL,
    "Reason" TEXT NOT NULL,
    "Status" INTEGER NOT NULL,
    "IdempotencyKey" TEXT NOT NULL,
    "RequestedByUserId" TEXT NOT NULL,
    "RequestedByName" TEXT NOT NULL,
    "DecidedByUserId" TEXT NULL,
    "DecidedByName" TEXT NULL,
    "TransactionId" INTEGER NULL,
    "CreatedAt" INTEGER NOT NULL,
    "DecidedAt" INTEGER NULL,
    CONSTRAINT "FK_points_adjustments_points_accounts_AccountId" FOREIGN KEY ("AccountId") REFERENCES "points_accounts" ("Id") ON DELETE RESTRICT
);
CREATE TABLE "points_movements" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_points_movements" PRIMARY KEY AUTOINCREMENT,
    "TransactionId" INTEGER NOT NULL,
    "AccountId" INTEGER NOT NULL,
    "Kind" INTEGER NOT NULL,
    "Amount" INTEGER NOT NULL,
    "BalanceAfter" INTEGER NOT NULL,
    "PostedAt" INTEGER NOT NULL,
    CONSTRAINT "FK_points_movements_points_accounts_AccountId" FOREIGN KEY ("AccountId") REFERENCES "points_accounts" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_points_movements_points_transactions_TransactionId" FOREIGN KEY ("TransactionId") REFERENCES "points_transactions" ("Id") ON DELETE RESTRICT
);
CREATE TABLE "points_redemptions" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_points_redemptions" PRIMARY KEY AUTOINCREMENT,
    "ItemId" INTEGER NOT NULL,
    "ItemName" TEXT NOT NULL,
    "AccountId" INTEGER NOT NULL,
    "VolunteerId" INTEGER NOT NULL,
    "AreaPath" TEXT NOT NULL,
    "Quantity" INTEGER NOT NULL,
    "Points" INTEGER NOT NULL,
    "Status" INTEGER NOT NULL,
    "IdempotencyKey" TEXT NOT NULL,
    "TransactionId" INTEGER NOT NULL,
    "CancelTransactionId" INTEGER NULL,
    "CreatedAt" INTEGER NOT NULL,
    "HandedOverAt" INTEGER NULL,
    "DoneAt" INTEGER NULL,
    "CancelledAt" INTEGER NULL,
    CONSTRAINT "FK_points_redemptions_points_accounts_AccountId" FOREIGN KEY ("AccountId") REFERENCES "points_accounts" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_points_redemptions_points_shop_items_ItemId" FOREIGN KEY ("ItemId") REFERENCES "points_shop_items" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_points_redemptions_points_transactions_TransactionId" FOREIGN KEY ("TransactionId") REFERENCES "points_transactions" ("Id") ON DELETE RESTRICT
);
CREATE INDEX "IX_points_accounts_AreaPath_Kind" ON "points_accounts" ("AreaPath", "Kind");
CREATE INDEX "IX_points_accounts_BankNodeId_Kind" ON "points_accounts" ("BankNodeId", "Kind");
CREATE INDEX "IX_points_accounts_HolderUserId" ON "points_accounts" ("HolderUserId");
CREATE UNIQUE INDEX "IX_points_accounts_VolunteerId" ON "points_accounts" ("VolunteerId");
CREATE INDEX "IX_points_adjustments_AccountId" ON "points_adjustments" ("AccountId");
CREATE INDEX "IX_points_adjustments_AreaPath_Status" ON "points_adjustments" ("AreaPath", "Status");
CREATE UNIQUE INDEX "IX_points_adjustments_IdempotencyKey" ON "points_adjustments" ("IdempotencyKey");
CREATE UNIQUE INDEX "IX_points_bank_nodes_AreaNodeId" ON "points_bank_nodes" ("AreaNodeId");
CREATE INDEX "IX_points_bank_nodes_AreaPath" ON "points_bank_nodes" ("AreaPath");
CREATE INDEX "IX_points_bank_nodes_ParentId" ON "points_bank_nodes" ("ParentId");
CREATE INDEX "IX_points_movements_AccountId_Id" ON "points_movements" ("AccountId", "Id");
CREATE INDEX "IX_points_movements_AccountId_Kind_PostedAt" ON "points_movements" ("AccountId", "Kind", "PostedAt");
CREATE INDEX "IX_points_movements_TransactionId" ON "points_movements" ("TransactionId");
CREATE INDEX "IX_points_redemptions_AccountId_CreatedAt" ON "points_redemptions" ("AccountId", "CreatedAt");
CREATE INDEX "IX_points_redemptions_AreaPath_Status" ON "points_redemptions" ("AreaPath", "Status");
CREATE UNIQUE INDEX "IX_points_redemptions_IdempotencyKey" ON "points_redemptions" ("IdempotencyKey");
CREATE INDEX "IX_points_redemptions_ItemId" ON "points_redemptions" ("ItemId");
CREATE INDEX "IX_points_redemptions_TransactionId" ON "points_redemptions" ("TransactionId");
CREATE INDEX "IX_points_shop_items_AreaPath_Name" ON "points_shop_items" ("AreaPath", "Name");
CREATE INDEX "IX_points_shop_items_BankNodeId" ON "points_shop_items" ("BankNodeId");
CREATE UNIQUE INDEX "IX_points_transactions_IdempotencyKey" ON "points_transactions" ("IdempotencyKey");
CREATE INDEX "IX_points_transactions_PostedAt" ON "points_transactions" ("PostedAt");
CREATE UNIQUE INDEX "IX_points_transactions_ReversesId" ON "points_transactions" ("ReversesId");
-- The ledger is append-only: a mistake is corrected by a reversing transaction, never by changing what was posted.
CREATE TRIGGER points_movements_no_update BEFORE UPDATE ON points_movements BEGIN SELECT RAISE(ABORT, 'points ledger rows are never updated or deleted; post a reversing transaction instead'); END;
CREATE TRIGGER points_movements_no_delete BEFORE DELETE ON points_movements BEGIN SELECT RAISE(ABORT, 'points ledger rows are never updated or deleted; post a reversing transaction instead'); END;
CREATE TRIGGER points_transactions_no_update BEFORE UPDATE ON points_transactions BEGIN SELECT RAISE(ABORT, 'points ledger rows are never updated or deleted; post a reversing transaction instead'); END;
CREATE TRIGGER points_transactions_no_delete BEFORE DELETE ON points_transactions BEGIN SELECT RAISE(ABORT, 'points ledger rows are never updated or deleted; post a reversing transaction instead'); END;
