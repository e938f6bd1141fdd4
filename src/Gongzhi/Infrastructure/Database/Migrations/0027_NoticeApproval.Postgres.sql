-- Drafted from the model for Postgres: column notices.ReviewedBy, column notices.ReviewedAt, column notices.RejectionReason, column notices.LinkOpens.
ALTER TABLE notices ADD "ReviewedBy" character varying(256);
ALTER TABLE notices ADD "ReviewedAt" timestamp with time zone;
ALTER TABLE notices ADD "RejectionReason" character varying(500);
ALTER TABLE notices ADD "LinkOpens" integer NOT NULL DEFAULT 0;
