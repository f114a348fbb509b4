/**
 * How the UI titles an error code (the message under the title is the error's own, which names the
 * file, line or record). An exhaustive switch: a code added to lib/errors.ts fails the typecheck
 * here until it has a title.
 */
import { unhandled, type ErrorCode } from '../errors';

export interface ErrorText {
  title: string;
  /** What to do about it, when the message alone does not say. */
  hint?: string;
}

export function errorText(code: ErrorCode): ErrorText {
  switch (code) {
    case 'validation':
      return { title: 'Check the options' };
    case 'usage':
      return { title: 'Check the command', hint: 'See sift --help.' };
    case 'invalid_config':
      return { title: 'Invalid configuration', hint: 'Fix the environment variable named above and restart Sift.' };
    case 'dataset_not_found':
      return { title: 'Dataset not found' };
    case 'recipe_not_found':
      return { title: 'Recipe not found' };
    case 'rollout_not_found':
      return { title: 'Rollout not found' };
    case 'export_not_found':
      return { title: 'Export not found' };
    case 'job_not_found':
      return { title: 'Job not found' };
    case 'analysis_not_found':
      return { title: 'Token analysis not found' };
    case 'upload_not_found':
      return { title: 'The uploaded file is gone', hint: 'Drop the file again.' };
    case 'file_not_found':
      return { title: 'File not found' };
    case 'busy':
      return { title: 'The database is busy' };
    case 'name_taken':
      return { title: 'That name is taken' };
    case 'still_running':
      return { title: 'Still running' };
    case 'not_running':
      return { title: 'Not running' };
    case 'no_manifest':
      return { title: 'No manifest' };
    case 'stored_request_invalid':
      return { title: 'The stored request is unreadable' };
    case 'dataset_changed':
      return { title: 'The dataset changed', hint: 'Run it again.' };
    case 'canceled':
      return { title: 'Canceled' };
    case 'unknown_format':
      return { title: 'Sift could not recognise the format of this file' };
    case 'unreadable':
      return { title: 'The file could not be read' };
    case 'strict_abort':
      return { title: 'Strict mode stopped at the first bad record' };
    case 'no_rollouts':
      return { title: 'No rollouts could be read from this file' };
    case 'import_failed':
      return { title: 'The import failed' };
    case 'upload_failed':
      return { title: 'The upload failed' };
    case 'invalid_recipe':
      return { title: 'The recipe is invalid' };
    case 'nothing_selected':
      return { title: 'The recipe selects nothing' };
    case 'dataset_empty':
      return { title: 'The dataset has no rollouts' };
    case 'all_rollouts_failed':
      return { title: 'No rollout could be analysed' };
    case 'not_exported':
      return {
        title: 'Not in this export',
        hint: 'The export format the analysis measured leaves this rollout out; pick another format to see it.',
      };
    case 'no_token_columns':
      return { title: 'This analysis has no per-rollout counts', hint: 'Run the analysis again.' };
    case 'unknown_tokenizer':
      return {
        title: 'Unknown tokenizer',
        hint: 'Use qwen3, llama3, or the path of a folder holding tokenizer.json and tokenizer_config.json.',
      };
    case 'tokenizer_dir_not_found':
      return {
        title: 'Tokenizer folder not found',
        hint: 'Check the path; it must be a folder on the machine Sift runs on.',
      };
    case 'tokenizer_file_missing':
      return {
        title: 'Tokenizer file missing',
        hint: 'The folder needs tokenizer.json and tokenizer_config.json (a Hugging Face snapshot folder has both).',
      };
    case 'tokenizer_json_invalid':
      return { title: 'Tokenizer file is not valid JSON' };
    case 'tokenizer_load_failed':
      return { title: 'The tokenizer could not be loaded' };
    case 'no_chat_template':
      return { title: 'No chat template', hint: 'The tokenizer has no chat template: upload one (a .jinja file).' };
    case 'template_syntax':
      return {
        title: 'Chat template syntax error',
        hint: 'Fix the template at the line named above and upload it again.',
      };
    case 'template_render':
      return {
        title: 'Chat template failed while rendering',
        hint: 'The template raised an error on a real conversation (e.g. a role it does not accept).',
      };
    case 'template_unsupported':
      return { title: 'Chat template not supported' };
    case 'worker_failed':
      return { title: 'A tokenizer worker failed' };
    case 'unauthenticated':
      return { title: 'Sign in first', hint: 'Your session ended or was revoked; sign in again.' };
    case 'forbidden':
      return { title: 'Your role does not allow this', hint: 'Ask an admin for another role.' };
    case 'no_admin':
      return { title: 'Sift has no admin yet', hint: 'Create one: npx sift users add NAME --role admin' };
    case 'user_not_found':
      return { title: 'User not found' };
    case 'last_admin':
      return { title: 'Sift needs an admin', hint: 'Make someone else an admin first.' };
    case 'api_key_not_found':
      return { title: 'API key not found' };
    case 'queue_not_found':
      return { title: 'Review queue not found' };
    case 'item_not_found':
      return { title: 'Review item not found' };
    case 'version_conflict':
      return { title: 'Someone else changed this review', hint: 'Reload to see their change, then make yours again.' };
    case 'lease_taken':
      return { title: 'This item went to other reviewers', hint: 'Go on with the next item.' };
    case 'nothing_to_undo':
      return { title: 'Nothing to undo' };
    case 'db_corrupt':
      return { title: 'The database file is damaged' };
    case 'db_newer_schema':
      return { title: 'The database is from a newer Sift' };
    case 'db_unwritable':
      return { title: 'The database cannot be written' };
    case 'migration_failed':
      return { title: 'A database migration failed' };
    case 'migration_edited':
      return { title: 'A migration was edited after it was applied' };
    default:
      return unhandled(code, { title: 'Something went wrong' });
  }
}
