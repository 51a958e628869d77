-- Full-text search over dataset samples (seed 4.3), kept in sync by triggers.
-- External-content FTS5 table: the text lives once, in dataset_samples.
CREATE VIRTUAL TABLE `dataset_samples_fts` USING fts5(text, content='dataset_samples', content_rowid='id', tokenize='unicode61');
--> statement-breakpoint
CREATE TRIGGER `dataset_samples_ai` AFTER INSERT ON `dataset_samples` BEGIN
  INSERT INTO dataset_samples_fts(rowid, text) VALUES (new.id, new.text);
END;
--> statement-breakpoint
CREATE TRIGGER `dataset_samples_ad` AFTER DELETE ON `dataset_samples` BEGIN
  INSERT INTO dataset_samples_fts(dataset_samples_fts, rowid, text) VALUES ('delete', old.id, old.text);
END;
--> statement-breakpoint
CREATE TRIGGER `dataset_samples_au` AFTER UPDATE OF text ON `dataset_samples` BEGIN
  INSERT INTO dataset_samples_fts(dataset_samples_fts, rowid, text) VALUES ('delete', old.id, old.text);
  INSERT INTO dataset_samples_fts(rowid, text) VALUES (new.id, new.text);
END;
