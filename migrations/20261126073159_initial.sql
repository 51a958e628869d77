CREATE TABLE `job_logs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`job_id` text NOT NULL,
	`level` text NOT NULL,
	`message` text NOT NULL,
	`at` integer NOT NULL,
	FOREIGN KEY (`job_id`) REFERENCES `jobs`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `job_logs_job_idx` ON `job_logs` (`job_id`,`id`);--> statement-breakpoint
CREATE TABLE `jobs` (
	`id` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`title` text NOT NULL,
	`pool` text NOT NULL,
	`params` text,
	`status` text NOT NULL,
	`progress` real DEFAULT 0 NOT NULL,
	`message` text,
	`result` text,
	`error` text,
	`created_at` integer NOT NULL,
	`started_at` integer,
	`finished_at` integer,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `jobs_status_idx` ON `jobs` (`status`);--> statement-breakpoint
CREATE INDEX `jobs_created_idx` ON `jobs` (`created_at`);--> statement-breakpoint
CREATE TABLE `dataset_samples` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`dataset_id` text NOT NULL,
	`ordinal` integer NOT NULL,
	`split` text NOT NULL,
	`text` text NOT NULL,
	`metadata` text,
	`token_count` integer,
	FOREIGN KEY (`dataset_id`) REFERENCES `datasets`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `dataset_samples_ds_idx` ON `dataset_samples` (`dataset_id`,`split`,`ordinal`);--> statement-breakpoint
CREATE TABLE `datasets` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`description` text,
	`source` text NOT NULL,
	`source_ref` text,
	`format` text,
	`status` text NOT NULL,
	`sample_count` integer DEFAULT 0 NOT NULL,
	`token_count` integer,
	`size_bytes` integer DEFAULT 0 NOT NULL,
	`splits` text,
	`tokenization` text,
	`tokenizer_model_id` text,
	`statistics` text,
	`error` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `models` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`source` text NOT NULL,
	`repo_id` text,
	`revision` text,
	`status` text NOT NULL,
	`architecture` text,
	`dtype` text,
	`config` text,
	`hooks` text,
	`size_bytes` integer DEFAULT 0 NOT NULL,
	`error` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `activation_sets` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`model_id` text,
	`dataset_id` text,
	`hooks` text NOT NULL,
	`dtype` text NOT NULL,
	`d_model` integer NOT NULL,
	`token_count` integer DEFAULT 0 NOT NULL,
	`size_bytes` integer DEFAULT 0 NOT NULL,
	`status` text NOT NULL,
	`config` text,
	`job_id` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`model_id`) REFERENCES `models`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`dataset_id`) REFERENCES `datasets`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`job_id`) REFERENCES `jobs`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE TABLE `checkpoints` (
	`id` text PRIMARY KEY NOT NULL,
	`training_id` text NOT NULL,
	`step` integer NOT NULL,
	`loss` real,
	`path` text NOT NULL,
	`size_bytes` integer NOT NULL,
	`is_best` integer DEFAULT false NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`training_id`) REFERENCES `trainings`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `checkpoints_run_idx` ON `checkpoints` (`training_id`,`step`);--> statement-breakpoint
CREATE TABLE `training_logs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`training_id` text NOT NULL,
	`level` text NOT NULL,
	`message` text NOT NULL,
	`at` integer NOT NULL,
	FOREIGN KEY (`training_id`) REFERENCES `trainings`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `training_logs_run_idx` ON `training_logs` (`training_id`,`id`);--> statement-breakpoint
CREATE TABLE `training_metrics` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`training_id` text NOT NULL,
	`step` integer NOT NULL,
	`loss` real,
	`mse` real,
	`l1` real,
	`l0` real,
	`dead_features` integer,
	`dense_features` integer,
	`explained_variance` real,
	`learning_rate` real,
	`tokens_per_second` real,
	`memory_bytes` integer,
	`extra` text,
	`at` integer NOT NULL,
	FOREIGN KEY (`training_id`) REFERENCES `trainings`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `training_metrics_run_step_idx` ON `training_metrics` (`training_id`,`step`);--> statement-breakpoint
CREATE TABLE `trainings` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`model_id` text,
	`dataset_id` text,
	`activation_set_id` text,
	`hook` text NOT NULL,
	`architecture` text NOT NULL,
	`engine` text,
	`hyperparameters` text NOT NULL,
	`status` text NOT NULL,
	`current_step` integer DEFAULT 0 NOT NULL,
	`total_steps` integer NOT NULL,
	`latest_metrics` text,
	`error` text,
	`job_id` text,
	`parent_training_id` text,
	`created_at` integer NOT NULL,
	`started_at` integer,
	`completed_at` integer,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`model_id`) REFERENCES `models`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`dataset_id`) REFERENCES `datasets`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`activation_set_id`) REFERENCES `activation_sets`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`job_id`) REFERENCES `jobs`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE TABLE `feature_activations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`feature_id` text NOT NULL,
	`kind` text NOT NULL,
	`rank` integer NOT NULL,
	`dataset_sample_id` integer,
	`position` integer NOT NULL,
	`max_activation` real NOT NULL,
	`tokens` text NOT NULL,
	`activations` text NOT NULL,
	FOREIGN KEY (`feature_id`) REFERENCES `features`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `feature_activations_feature_idx` ON `feature_activations` (`feature_id`,`kind`,`rank`);--> statement-breakpoint
CREATE TABLE `features` (
	`id` text PRIMARY KEY NOT NULL,
	`training_id` text NOT NULL,
	`feature_index` integer NOT NULL,
	`label` text,
	`notes` text,
	`is_favorite` integer DEFAULT false NOT NULL,
	`activation_frequency` real NOT NULL,
	`max_activation` real NOT NULL,
	`mean_activation` real NOT NULL,
	`interpretability_proxy` real,
	`histogram` text,
	`logit_lens` text,
	`correlated` text,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`training_id`) REFERENCES `trainings`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `features_run_idx` ON `features` (`training_id`,`feature_index`);--> statement-breakpoint
CREATE TABLE `extraction_templates` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`description` text,
	`is_favorite` integer DEFAULT false NOT NULL,
	`config` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `steering_presets` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`description` text,
	`is_favorite` integer DEFAULT false NOT NULL,
	`config` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `training_templates` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`description` text,
	`is_favorite` integer DEFAULT false NOT NULL,
	`config` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
