-- Data step, appended by `npm run db:migration -- canceled_status_and_error_codes --data-sql canceled.sql`
-- (scripts/new-migration.ts): not part of the schema diff; runs after it, in the same transaction.
-- Statuses are spelled canceled (one l), as lib/errors.ts and lib/db/jobs.ts spell them.
UPDATE "Job" SET "status" = 'canceled' WHERE "status" = 'cancelled';
UPDATE "Import" SET "status" = 'canceled' WHERE "status" = 'cancelled';
UPDATE "Export" SET "status" = 'canceled' WHERE "status" = 'cancelled';

-- Failed jobs keep their error code in Job.result ({"kind":"error","code":...}); the import report
-- and the token analysis page switch on it. Old codes move to the snake_case vocabulary.
WITH "renamed"("old", "new") AS (
  VALUES
    ('UNKNOWN_FORMAT', 'unknown_format'),
    ('STRICT_ABORT', 'strict_abort'),
    ('NO_ROLLOUTS', 'no_rollouts'),
    ('CANCELED', 'canceled'),
    ('DATASET_NOT_FOUND', 'dataset_not_found'),
    ('UNREADABLE', 'unreadable'),
    ('dataset-missing', 'dataset_not_found'),
    ('empty-dataset', 'dataset_empty'),
    ('all-failed', 'all_rollouts_failed'),
    ('unknown-tokenizer', 'unknown_tokenizer'),
    ('not-a-directory', 'tokenizer_dir_not_found'),
    ('missing-file', 'tokenizer_file_missing'),
    ('unreadable-json', 'tokenizer_json_invalid'),
    ('load-failed', 'tokenizer_load_failed'),
    ('no-chat-template', 'no_chat_template'),
    ('template-syntax', 'template_syntax'),
    ('template-render', 'template_render'),
    ('template-unsupported', 'template_unsupported'),
    ('cancelled', 'canceled'),
    ('worker-failed', 'worker_failed')
)
UPDATE "Job"
SET "result" = json_set(
  "result",
  '$.code',
  (SELECT "new" FROM "renamed" WHERE "old" = json_extract("Job"."result", '$.code'))
)
WHERE json_valid("result")
  AND json_extract("result", '$.kind') = 'error'
  AND json_extract("result", '$.code') IN (SELECT "old" FROM "renamed");
