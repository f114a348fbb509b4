import type { ReactNode } from 'react';
import type { ErrorCode } from '@/lib/errors';
import { errorText } from '@/lib/ui/error-text';

export function ErrorBox({
  code,
  message,
  line,
  file,
  children,
}: {
  /** Titles the box (lib/ui/error-text.ts); without one it says "The analysis failed". */
  code?: ErrorCode;
  message: string;
  line?: number;
  file?: string;
  children?: ReactNode;
}) {
  const t = code ? errorText(code) : { title: 'The analysis failed' };
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
