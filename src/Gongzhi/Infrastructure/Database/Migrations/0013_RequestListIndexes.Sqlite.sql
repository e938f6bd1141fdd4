-- Lists of requests under an area, read from the index alone: index IX_requests_CategoryId_AreaPath_SubmittedAt, index IX_requests_Status_AreaPath_SubmittedAt_ResolveDueAt_AcceptDueAt.
-- The category index now leads the composite one, which serves the foreign key as well.
DROP INDEX "IX_requests_CategoryId";
-- A worker's requests with their state and area: "mine" and the reach outside the area from the index alone.
DROP INDEX "IX_requests_HandlerUserId";
DROP INDEX "IX_requests_FirstResponsibleUserId";
CREATE INDEX "IX_requests_HandlerUserId_Status_AreaPath" ON "requests" ("HandlerUserId", "Status", "AreaPath");
CREATE INDEX "IX_requests_FirstResponsibleUserId_Status_AreaPath" ON "requests" ("FirstResponsibleUserId", "Status", "AreaPath");
CREATE INDEX "IX_requests_CategoryId_AreaPath_SubmittedAt" ON "requests" ("CategoryId", "AreaPath", "SubmittedAt");
CREATE INDEX "IX_requests_Status_AreaPath_SubmittedAt_ResolveDueAt_AcceptDueAt" ON "requests" ("Status", "AreaPath", "SubmittedAt", "ResolveDueAt", "AcceptDueAt");
-- An area's requests by submission with every column the statistics count (replaces the area and submission index).
DROP INDEX "IX_requests_AreaPath_SubmittedAt";
CREATE INDEX "IX_requests_area_statistics" ON "requests" ("AreaPath", "SubmittedAt", "CategoryId", "Channel", "Status", "AcceptedAt", "AcceptDueAt", "ResolvedAt", "ResolveDueAt", "SatisfactionScore", "Satisfied", "ReopenCount", "HandlerDepartmentId");
-- Newest first across every area (admins, the district, Open311's date windows) without sorting the table.
CREATE INDEX "IX_requests_SubmittedAt" ON "requests" ("SubmittedAt");
