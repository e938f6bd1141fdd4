-- Lists of requests under an area, read from the index alone: index IX_requests_CategoryId_AreaPath_SubmittedAt, index IX_requests_Status_AreaPath_SubmittedAt_ResolveDueAt_AcceptDueAt.
-- The category index now leads the composite one, which serves the foreign key as well.
DROP INDEX "IX_requests_CategoryId";
CREATE INDEX "IX_requests_CategoryId_AreaPath_SubmittedAt" ON "requests" ("CategoryId", "AreaPath", "SubmittedAt");
CREATE INDEX "IX_requests_Status_AreaPath_SubmittedAt_ResolveDueAt_AcceptDueAt" ON "requests" ("Status", "AreaPath", "SubmittedAt", "ResolveDueAt", "AcceptDueAt");
