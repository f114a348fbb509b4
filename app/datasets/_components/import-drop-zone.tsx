'use client';

import { useRef, useState } from 'react';
import { useRouter } from 'next/navigation';
import { startImportAction } from '@/app/_shared/imports/actions';
import { datasetNameFromFile, IMPORTS_CHANGED, type FormatOption } from '@/app/_shared/imports/import-types';
import { ImportFileRow, type ImportEntry } from './import-file-row';
import { uploadFile } from './upload-file';

/** How long to wait before asking again when another import holds the database. */
const BUSY_RETRY_MS = 3000;

/**
 * Drop one or many files (or pick them) to import. Each file uploads (streamed to disk by
 * /api/uploads), shows the detected format, then imports as a job with live progress. With a
 * `dataset` the files go into it; otherwise each makes a new dataset named after the file.
 * Self-contained: place it on any page.
 */
export function ImportDropZone({
  formats,
  dataset,
  compact = false,
}: {
  formats: FormatOption[];
  dataset?: { id: number; name: string };
  compact?: boolean;
}) {
  const router = useRouter();
  const [entries, setEntries] = useState<ImportEntry[]>([]);
  const [dragging, setDragging] = useState(false);
  const [strict, setStrict] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);
  const nextKey = useRef(0);

  const patch = (key: string, p: Partial<ImportEntry>) =>
    setEntries((list) => list.map((e) => (e.key === key ? { ...e, ...p } : e)));

  const addFiles = (files: File[]) => {
    const added: ImportEntry[] = files.map((file) => ({
      key: `f${nextKey.current++}`,
      fileName: file.name,
      size: file.size,
      datasetName: dataset?.name ?? datasetNameFromFile(file.name),
      format: '',
      phase: 'uploading',
      uploaded: 0,
    }));
    setEntries((list) => [...list, ...added]);
    added.forEach((entry, i) => {
      const { done } = uploadFile(files[i], (loaded) => patch(entry.key, { uploaded: loaded }));
      done.then(
        (upload) => patch(entry.key, { phase: 'ready', upload, uploaded: upload.size }),
        (e: Error) => patch(entry.key, { phase: 'error', error: e.message }),
      );
    });
  };

  const start = async (entry: ImportEntry, force = false) => {
    if (!entry.upload) return;
    patch(entry.key, { phase: 'starting', error: undefined });
    const res = await startImportAction({
      uploadId: entry.upload.uploadId,
      datasetName: entry.datasetName,
      datasetId: dataset?.id,
      format: entry.format || undefined,
      mode: strict ? 'strict' : 'skip-bad',
      force,
    });
    if (!res.ok) {
      if (res.error.code === 'busy') {
        patch(entry.key, { phase: 'waiting', error: res.error.message });
        setTimeout(() => void start(entry, force), BUSY_RETRY_MS);
        return;
      }
      patch(entry.key, { phase: 'ready', error: res.error.message });
      return;
    }
    if (res.data.kind === 'already-imported') {
      patch(entry.key, { phase: 'already', previous: res.data.previous });
      return;
    }
    patch(entry.key, { phase: 'running', jobId: res.data.jobId });
    window.dispatchEvent(new Event(IMPORTS_CHANGED));
  };

  const ready = entries.filter(
    (e) => e.phase === 'ready' && (e.format || e.upload?.detection.ok) && e.datasetName.trim(),
  );
  const startAll = async () => {
    for (const e of ready) await start(e);
  };

  return (
    <section aria-label="Import files" className="mb-6">
      <div
        data-testid="import-drop-zone"
        onDragEnter={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragOver={(e) => {
          e.preventDefault();
          e.dataTransfer.dropEffect = 'copy';
        }}
        onDragLeave={(e) => {
          if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setDragging(false);
        }}
        onDrop={(e) => {
          e.preventDefault();
          setDragging(false);
          const files = Array.from(e.dataTransfer.files);
          if (files.length) addFiles(files);
        }}
        className={`flex flex-wrap items-center justify-center gap-x-3 gap-y-1 rounded-lg border-2 border-dashed text-center text-sm transition-colors ${
          compact ? 'px-4 py-3' : 'px-6 py-8'
        } ${dragging ? 'border-indigo-500 bg-indigo-50 dark:bg-indigo-950/30' : 'border-zinc-300 bg-white dark:border-zinc-700 dark:bg-zinc-900'}`}
      >
        <span className="font-medium">
          {dataset ? `Drop files here to add them to ${dataset.name}` : 'Drop rollout files here to import them'}
        </span>
        <span className="text-zinc-500">
          or{' '}
          <button
            type="button"
            onClick={() => inputRef.current?.click()}
            className="font-medium text-indigo-700 underline-offset-2 hover:underline dark:text-indigo-400"
          >
            choose files
          </button>
          {!compact && ' · JSONL, JSON, parquet, CSV, or .gz of those; any size'}
        </span>
        <input
          ref={inputRef}
          type="file"
          multiple
          aria-label="Choose files to import"
          className="sr-only"
          onChange={(e) => {
            const files = Array.from(e.currentTarget.files ?? []);
            e.currentTarget.value = '';
            if (files.length) addFiles(files);
          }}
        />
      </div>
      {entries.length > 0 && (
        <div className="mt-3 rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
          <ul className="divide-y divide-zinc-100 dark:divide-zinc-800">
            {entries.map((entry) => (
              <ImportFileRow
                key={entry.key}
                entry={entry}
                formats={formats}
                fixedDataset={Boolean(dataset)}
                onChange={(p) => patch(entry.key, p)}
                onStart={(force) => void start(entry, force)}
                onRemove={() => setEntries((list) => list.filter((e) => e.key !== entry.key))}
                onFinished={() => {
                  window.dispatchEvent(new Event(IMPORTS_CHANGED));
                  router.refresh();
                }}
              />
            ))}
          </ul>
          {entries.some((e) => e.phase === 'ready') && (
            <div className="flex flex-wrap items-center justify-end gap-4 border-t border-zinc-200 px-4 py-2.5 dark:border-zinc-800">
              <label
                className="flex items-center gap-2 text-sm text-zinc-600 dark:text-zinc-400"
                title="Abort a file at its first bad record (nothing stored). Default: skip bad records and list them in the report."
              >
                <input type="checkbox" checked={strict} onChange={(e) => setStrict(e.target.checked)} />
                Strict (stop at the first bad record)
              </label>
              <button
                type="button"
                disabled={ready.length === 0}
                onClick={() => void startAll()}
                className="rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-indigo-500 disabled:cursor-not-allowed disabled:bg-indigo-600/50"
              >
                {ready.length === 1 ? 'Import 1 file' : `Import ${ready.length} files`}
              </button>
            </div>
          )}
        </div>
      )}
    </section>
  );
}
