-- Drafted from the model by 'schema-script draft' for Sqlite: table points_shop_item_photos.
-- Review it; add renames, drops and backfills by hand; the drift test checks the result.
CREATE TABLE "points_shop_item_photos" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_points_shop_item_photos" PRIMARY KEY AUTOINCREMENT,
    "ItemId" INTEGER NOT NULL,
    "Jpeg" BLOB NOT NULL,
    "Width" INTEGER NOT NULL,
    "Height" INTEGER NOT NULL,
    "UploadedAt" INTEGER NOT NULL,
    CONSTRAINT "FK_points_shop_item_photos_points_shop_items_ItemId" FOREIGN KEY ("ItemId") REFERENCES "points_shop_items" ("Id") ON DELETE CASCADE
);
CREATE UNIQUE INDEX "IX_points_shop_item_photos_ItemId" ON "points_shop_item_photos" ("ItemId");
