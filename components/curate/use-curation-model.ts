'use client';

import { useEffect, useState } from 'react';
import { fromWire, type CurationModel, type CurationWire } from '@/lib/curation';

export interface ModelLoad {
  /** Decoded JSON size in bytes (the payload is ASCII). */
  bytes: number;
  /** Bytes over the wire (gzip), when the browser reports it. */
  transferBytes: number | null;
  /** Request start → body read and inflated. */
  fetchMs: number;
  /** JSON.parse + fromWire. */
  decodeMs: number;
}

export type ModelState =
  | { status: 'loading' }
  | { status: 'ready'; model: CurationModel; load: ModelLoad }
  | { status: 'error'; message: string };

/** Fetches the dataset's curation model once and decodes it; every recompute after that is local. */
export function useCurationModel(url: string): ModelState {
  const [state, setState] = useState<ModelState>({ status: 'loading' });
  useEffect(() => {
    const ctrl = new AbortController();
    const t0 = performance.now();
    (async () => {
      const res = await fetch(url, { signal: ctrl.signal });
      if (!res.ok) {
        const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
        throw new Error(body?.error?.message ?? `The model request failed (HTTP ${res.status}).`);
      }
      // The route sends a gzip file (see its comment); inflate natively, off the main thread.
      const text = await new Response(res.body!.pipeThrough(new DecompressionStream('gzip'))).text();
      const t1 = performance.now();
      const model = fromWire(JSON.parse(text) as CurationWire);
      const t2 = performance.now();
      const entry = performance.getEntriesByName(new URL(url, window.location.href).href).at(-1) as
        PerformanceResourceTiming | undefined;
      setState({
        status: 'ready',
        model,
        load: {
          bytes: text.length,
          transferBytes: entry && entry.transferSize > 0 ? entry.transferSize : null,
          fetchMs: t1 - t0,
          decodeMs: t2 - t1,
        },
      });
    })().catch((e: unknown) => {
      if (!ctrl.signal.aborted) setState({ status: 'error', message: (e as Error).message });
    });
    return () => ctrl.abort();
  }, [url]);
  return state;
}
