import type { ReactNode } from 'react';

/** What went wrong, by TokenizeError / action error code (never by message text). */
const TITLES: Record<string, { title: string; hint?: string }> = {
  'unknown-tokenizer': {
    title: 'Unknown tokenizer',
    hint: 'Use qwen3, llama3, or the path of a folder holding tokenizer.json and tokenizer_config.json.',
  },
  'not-a-directory': {
    title: 'Tokenizer folder not found',
    hint: 'Check the path; it must be a folder on the machine Sift runs on.',
  },
  'missing-file': {
    title: 'Tokenizer file missing',
    hint: 'The folder needs tokenizer.json and tokenizer_config.json (a Hugging Face snapshot folder has both).',
  },
  'unreadable-json': { title: 'Tokenizer file is not valid JSON' },
  'load-failed': { title: 'The tokenizer could not be loaded' },
  'no-chat-template': {
    title: 'No chat template',
    hint: 'The tokenizer has no chat template: upload one (a .jinja file).',
  },
  'template-syntax': {
    title: 'Chat template syntax error',
    hint: 'Fix the template at the line named above and upload it again.',
  },
  'template-render': {
    title: 'Chat template failed while rendering',
    hint: 'The template raised an error on a real conversation (e.g. a role it does not accept).',
  },
  'template-unsupported': { title: 'Chat template not supported' },
  'worker-failed': { title: 'A tokenizer worker failed' },
  cancelled: { title: 'Canceled' },
  'dataset-missing': { title: 'Dataset not found' },
  dataset_missing: { title: 'Dataset not found' },
  'empty-dataset': { title: 'The dataset has no rollouts' },
  'all-failed': { title: 'No rollout could be analysed' },
  validation: { title: 'Check the options' },
  busy: { title: 'The database is busy' },
};

export function ErrorBox({
  code,
  message,
  line,
  file,
  children,
}: {
  code: string;
  message: string;
  line?: number;
  file?: string;
  children?: ReactNode;
}) {
  const t = TITLES[code] ?? { title: 'The analysis failed' };
  return (
    <div
      role="alert"
      className="rounded-md border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-900 dark:border-red-900/60 dark:bg-red-950/40 dark:text-red-200"
    >
      <p className="font-semibold">{t.title}</p>
      <p className="mt-1 whitespace-pre-wrap break-words">{message}</p>
      {(line !== undefined || file) && (
        <p className="mt-1 text-xs">
          {line !== undefined && <>Template line {line}. </>}
          {file && (
            <>
              File: <span className="font-mono">{file}</span>
            </>
          )}
        </p>
      )}
      {t.hint && <p className="mt-1 text-xs opacity-80">{t.hint}</p>}
      {children}
    </div>
  );
}

export function WarningBox({ children }: { children: ReactNode }) {
  return (
    <div
      role="status"
      className="rounded-md border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-900 dark:border-amber-900/60 dark:bg-amber-950/40 dark:text-amber-200"
    >
      {children}
    </div>
  );
}
