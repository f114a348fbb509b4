/** Shapes the import UI exchanges with the upload and job routes (JSON). */
import type { Candidate } from '@/lib/formats/detect';

export type { JobJson } from '@/lib/jobs/job-views';
export type { ImportJobResult } from '@/lib/jobs/import-job';

export interface FormatOption {
  id: string;
  label: string;
  description: string;
}

export type Detection =
  | { ok: true; format: string; reason: string; candidates: Candidate[] }
  | { ok: false; error: string; candidates: Candidate[] };

export interface UploadResponse {
  uploadId: string;
  fileName: string;
  size: number;
  sha256: string;
  detection: Detection;
}

/** "rollouts.jsonl.gz" → "rollouts": the suggested name of a new dataset. */
export function datasetNameFromFile(fileName: string): string {
  let name = fileName.replace(/\.gz$/i, '');
  name = name.replace(/\.(jsonl|ndjson|json|parquet|csv|txt)$/i, '');
  return name.trim() || fileName;
}

/** Fired on window when an import starts or ends, so lists refetch at once. */
export const IMPORTS_CHANGED = 'sift:imports-changed';
