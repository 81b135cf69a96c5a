CREATE TABLE "failing_remotes" (
	"host" text PRIMARY KEY NOT NULL,
	"first_failed_at" bigint NOT NULL,
	"last_failed_at" bigint NOT NULL
);
