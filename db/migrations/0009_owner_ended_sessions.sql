CREATE TABLE "owner_ended_sessions" (
	"session_id" text PRIMARY KEY NOT NULL,
	"ended_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "owner_ended_sessions_expires_at_idx" ON "owner_ended_sessions" USING btree ("expires_at");