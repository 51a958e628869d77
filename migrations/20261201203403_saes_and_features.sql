CREATE TABLE `saes` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`source` text NOT NULL,
	`model_id` text,
	`training_id` text,
	`checkpoint_id` text,
	`dataset_id` text,
	`hook` text NOT NULL,
	`d_in` integer NOT NULL,
	`d_sae` integer NOT NULL,
	`architecture` text NOT NULL,
	`k` integer,
	`has_threshold` integer DEFAULT false NOT NULL,
	`dtype` text NOT NULL,
	`weights_path` text NOT NULL,
	`provenance` text NOT NULL,
	`size_bytes` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`model_id`) REFERENCES `models`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`training_id`) REFERENCES `trainings`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`checkpoint_id`) REFERENCES `checkpoints`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`dataset_id`) REFERENCES `datasets`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `saes_checkpoint_idx` ON `saes` (`checkpoint_id`);--> statement-breakpoint
CREATE INDEX `saes_training_idx` ON `saes` (`training_id`);--> statement-breakpoint
CREATE TABLE `feature_details` (
	`sae_id` text NOT NULL,
	`feature_index` integer NOT NULL,
	`histogram` text NOT NULL,
	`logit_lens` text NOT NULL,
	`neighbours` text NOT NULL,
	`quantiles` text NOT NULL,
	PRIMARY KEY(`sae_id`, `feature_index`),
	FOREIGN KEY (`sae_id`) REFERENCES `saes`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `feature_examples` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`sae_id` text NOT NULL,
	`feature_index` integer NOT NULL,
	`group_index` integer NOT NULL,
	`rank` integer NOT NULL,
	`peak_index` integer NOT NULL,
	`peak_activation` real NOT NULL,
	`token_ids` blob NOT NULL,
	`activations` blob NOT NULL,
	`window_index` integer NOT NULL,
	`peak_position` integer NOT NULL,
	`sample_ordinal` integer,
	FOREIGN KEY (`sae_id`) REFERENCES `saes`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `feature_examples_feature_idx` ON `feature_examples` (`sae_id`,`feature_index`,`group_index`,`rank`);--> statement-breakpoint
CREATE TABLE `feature_passes` (
	`id` text PRIMARY KEY NOT NULL,
	`sae_id` text NOT NULL,
	`job_id` text,
	`status` text NOT NULL,
	`params` text NOT NULL,
	`progress` text NOT NULL,
	`summary` text,
	`token_texts` text,
	`error` text,
	`created_at` integer NOT NULL,
	`started_at` integer,
	`completed_at` integer,
	FOREIGN KEY (`sae_id`) REFERENCES `saes`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`job_id`) REFERENCES `jobs`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `feature_passes_sae_idx` ON `feature_passes` (`sae_id`,`created_at`);--> statement-breakpoint
DROP TABLE `feature_activations`;--> statement-breakpoint
-- The placeholder features table of migration 1 never held rows: dropped and made anew.
DROP TABLE `features`;--> statement-breakpoint
CREATE TABLE `features` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`sae_id` text NOT NULL,
	`feature_index` integer NOT NULL,
	`pass_id` text NOT NULL,
	`label` text,
	`notes` text,
	`is_favorite` integer DEFAULT false NOT NULL,
	`suggested_label` text,
	`frequency` real NOT NULL,
	`firing_count` integer NOT NULL,
	`max_activation` real NOT NULL,
	`mean_activation` real NOT NULL,
	`proxy` real,
	`density_bucket` text NOT NULL,
	`top_tokens_text` text NOT NULL,
	`top_tokens` text NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`sae_id`) REFERENCES `saes`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `features_sae_feature_idx` ON `features` (`sae_id`,`feature_index`);--> statement-breakpoint
CREATE INDEX `features_frequency_idx` ON `features` (`sae_id`,`frequency`,`feature_index`,`density_bucket`);--> statement-breakpoint
CREATE INDEX `features_max_idx` ON `features` (`sae_id`,`max_activation`,`feature_index`,`density_bucket`);--> statement-breakpoint
CREATE INDEX `features_proxy_idx` ON `features` (`sae_id`,`proxy`,`feature_index`,`density_bucket`);--> statement-breakpoint
CREATE INDEX `features_density_idx` ON `features` (`sae_id`,`density_bucket`,`feature_index`);--> statement-breakpoint
-- Browser search (docs/features.md): substring search over label, suggested label and top tokens,
-- case-insensitive, through a trigram index; external content, kept in sync by triggers.
CREATE VIRTUAL TABLE `features_fts` USING fts5(label, suggested_label, top_tokens_text, content='features', content_rowid='id', tokenize='trigram');
--> statement-breakpoint
CREATE TRIGGER `features_ai` AFTER INSERT ON `features` BEGIN
  INSERT INTO features_fts(rowid, label, suggested_label, top_tokens_text) VALUES (new.id, new.label, new.suggested_label, new.top_tokens_text);
END;
--> statement-breakpoint
CREATE TRIGGER `features_ad` AFTER DELETE ON `features` BEGIN
  INSERT INTO features_fts(features_fts, rowid, label, suggested_label, top_tokens_text) VALUES ('delete', old.id, old.label, old.suggested_label, old.top_tokens_text);
END;
--> statement-breakpoint
CREATE TRIGGER `features_au` AFTER UPDATE OF label, suggested_label, top_tokens_text ON `features` BEGIN
  INSERT INTO features_fts(features_fts, rowid, label, suggested_label, top_tokens_text) VALUES ('delete', old.id, old.label, old.suggested_label, old.top_tokens_text);
  INSERT INTO features_fts(rowid, label, suggested_label, top_tokens_text) VALUES (new.id, new.label, new.suggested_label, new.top_tokens_text);
END;
