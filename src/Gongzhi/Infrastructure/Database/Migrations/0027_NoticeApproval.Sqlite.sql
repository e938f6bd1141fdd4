-- Drafted from the model for Sqlite: column notices.ReviewedBy, column notices.ReviewedAt, column notices.RejectionReason, column notices.LinkOpens.
ALTER TABLE "notices" ADD "ReviewedBy" TEXT NULL;
ALTER TABLE "notices" ADD "ReviewedAt" INTEGER NULL;
ALTER TABLE "notices" ADD "RejectionReason" TEXT NULL;
ALTER TABLE "notices" ADD "LinkOpens" INTEGER NOT NULL DEFAULT 0;
