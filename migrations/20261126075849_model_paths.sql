ALTER TABLE `models` ADD `path` text;--> statement-breakpoint
ALTER TABLE `models` ADD `hook_notes` text;--> statement-breakpoint
ALTER TABLE `models` ADD `files` text;