ALTER TABLE `activation_sets` ADD `error` text;--> statement-breakpoint
ALTER TABLE `activation_sets` ADD `tokens_per_second` real;--> statement-breakpoint
ALTER TABLE `trainings` ADD `run_config` text;--> statement-breakpoint
ALTER TABLE `trainings` ADD `d_in` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `trainings` ADD `d_sae` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `trainings` ADD `latest_eval` text;--> statement-breakpoint
ALTER TABLE `trainings` ADD `density` text;