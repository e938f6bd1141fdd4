-- A phone's requests by submission time: the public form's per-phone daily limit counts index entries, not rows.
DROP INDEX "IX_requests_SubmitterPhoneHash";
CREATE INDEX "IX_requests_SubmitterPhoneHash_SubmittedAt" ON requests ("SubmitterPhoneHash", "SubmittedAt");
-- A household's requests by submission time: the door-plate daily limit counts them without reading the day's rows;
-- the duplicate warning (same household and category) reads the household's few rows from it too.
DROP INDEX "IX_requests_HouseholdId_CategoryId";
CREATE INDEX "IX_requests_HouseholdId_SubmittedAt" ON requests ("HouseholdId", "SubmittedAt");
