-- Drafted from the model by 'schema-script draft' for Sqlite: table points_year_totals.
CREATE TABLE "points_year_totals" (
    "AccountId" INTEGER NOT NULL,
    "Year" INTEGER NOT NULL,
    "Earned" INTEGER NOT NULL,
    CONSTRAINT "PK_points_year_totals" PRIMARY KEY ("AccountId", "Year"),
    CONSTRAINT "FK_points_year_totals_points_accounts_AccountId" FOREIGN KEY ("AccountId") REFERENCES "points_accounts" ("Id") ON DELETE RESTRICT
);
-- Backfill: each volunteer's earnings per Beijing calendar year, net of reversed earnings (a reversal counts in the
-- year of the earning it reverses, as the ledger does from now on). "PostedAt" holds EF Core's DateTimeOffset binary
-- form here: UTC ticks / 1000 above the low 11 bits, so (value >> 11) / 10000 is seconds since 0001-01-01.
INSERT INTO "points_year_totals" ("AccountId", "Year", "Earned")
SELECT x."AccountId", x."Year", SUM(x."Amount") FROM (
    SELECT m."AccountId", CAST(strftime('%Y', (t."PostedAt" >> 11) / 10000 - 62135596800 + 28800, 'unixepoch') AS INTEGER) AS "Year", m."Amount"
    FROM "points_movements" m
    JOIN "points_transactions" r ON r."Id" = m."TransactionId"
    JOIN "points_transactions" t ON t."Id" = COALESCE(r."ReversesId", r."Id")
    JOIN "points_accounts" a ON a."Id" = m."AccountId"
    WHERE a."Kind" = 2 AND t."Kind" = 1
) x GROUP BY x."AccountId", x."Year";
