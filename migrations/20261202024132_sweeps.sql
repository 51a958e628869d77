-- Hand-added to drizzle-kit's output: ON DELETE set null on trainings.sweep_id (drizzle drops it in ALTER ADD), so a
-- deleted sweep leaves its kept runs as plain runs, as the schema (src/main/core/db/schema/training.ts) says.
CREATE TABLE `sweeps` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`hook` text NOT NULL,
	`base_config` text NOT NULL,
	`points` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `sweeps_created_idx` ON `sweeps` (`created_at`);--> statement-breakpoint
ALTER TABLE `trainings` ADD `sweep_id` text REFERENCES sweeps(id) ON DELETE set null;--> statement-breakpoint
ALTER TABLE `trainings` ADD `sweep_index` integer;--> statement-breakpoint
ALTER TABLE `trainings` ADD `sweep_point` text;--> statement-breakpoint
CREATE INDEX `trainings_sweep_idx` ON `trainings` (`sweep_id`,`sweep_index`);