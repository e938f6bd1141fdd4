-- Drafted from the model by 'schema-script draft' for Sqlite: index IX_residents_age.
-- Review it; add renames, drops and backfills by hand; the drift test checks the result.
CREATE INDEX "IX_residents_age" ON "residents" ("BirthDate", "Status", "SystemTagBits", "AreaPath", "Sex", "ResidencyType");
