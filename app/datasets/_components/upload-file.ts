import type { UploadResponse } from '@/app/_shared/imports/import-types';

/**
 * Sends a file to POST /api/uploads as the raw request body. XMLHttpRequest rather than fetch: it
 * reports upload progress, and the browser streams the File from disk either way.
 */
export function uploadFile(
  file: File,
  onProgress: (loaded: number, total: number) => void,
): { done: Promise<UploadResponse>; abort: () => void } {
  const xhr = new XMLHttpRequest();
  const done = new Promise<UploadResponse>((resolve, reject) => {
    xhr.open('POST', `/api/uploads?name=${encodeURIComponent(file.name)}`);
    xhr.setRequestHeader('Content-Type', 'application/octet-stream');
    xhr.upload.onprogress = (e) => onProgress(e.loaded, e.lengthComputable ? e.total : file.size);
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        // not JSON: reported below
      }
      if (xhr.status >= 200 && xhr.status < 300 && body) resolve(body as UploadResponse);
      else
        reject(
          new Error(
            (body as { error?: { message?: string } } | null)?.error?.message ?? `upload failed (HTTP ${xhr.status})`,
          ),
        );
    };
    xhr.onerror = () => reject(new Error('upload failed: the connection to Sift was lost'));
    xhr.onabort = () => reject(new Error('upload canceled'));
    xhr.send(file);
  });
  return { done, abort: () => xhr.abort() };
}
