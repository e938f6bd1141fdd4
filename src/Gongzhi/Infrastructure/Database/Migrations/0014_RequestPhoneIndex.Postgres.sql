-- A phone's requests by submission time: the public form's per-phone daily limit counts index entries, not rows.
DROP INDEX "IX_requests_SubmitterPhoneHash";
CREATE INDEX "IX_requests_SubmitterPhoneHash_SubmittedAt" ON requests ("SubmitterPhoneHash", "SubmittedAt");
