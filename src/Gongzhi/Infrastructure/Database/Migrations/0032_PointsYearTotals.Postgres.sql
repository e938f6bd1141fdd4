-- Drafted from the model by 'schema-script draft' for Postgres: table points_year_totals.
CREATE TABLE points_year_totals (
    "AccountId" bigint NOT NULL,
    "Year" integer NOT NULL,
    "Earned" bigint NOT NULL,
    CONSTRAINT "PK_points_year_totals" PRIMARY KEY ("AccountId", "Year"),
    CONSTRAINT "FK_points_year_totals_points_accounts_AccountId" FOREIGN KEY ("AccountId") REFERENCES points_accounts ("Id") ON DELETE RESTRICT
);
-- Backfill: each volunteer's earnings per Beijing calendar year, net of reversed earnings (a reversal counts in the
-- year of the earning it reverses, as the ledger does from now on).
INSERT INTO points_year_totals ("AccountId", "Year", "Earned")
SELECT x."AccountId", x."Year", SUM(x."Amount") FROM (
    SELECT m."AccountId", CAST(EXTRACT(YEAR FROM (t."PostedAt" AT TIME ZONE 'UTC') + INTERVAL '8 hours') AS integer) AS "Year", m."Amount"
    FROM points_movements m
    JOIN points_transactions r ON r."Id" = m."TransactionId"
    JOIN points_transactions t ON t."Id" = COALESCE(r."ReversesId", r."Id")
    JOIN points_accounts a ON a."Id" = m."AccountId"
    WHERE a."Kind" = 2 AND t."Kind" = 1
) x GROUP BY x."AccountId", x."Year";
