'use client';

import { useEffect, useState } from 'react';
import { fromTokenWire, type TokenColumns, type TokenWire } from '@/lib/token-report';

export type ColumnsState =
  | { status: 'loading' }
  | { status: 'ready'; columns: TokenColumns; fetchMs: number; decodeMs: number }
  | { status: 'error'; message: string };

/** Fetches an analysis' columns once (gzipped wire JSON) and decodes them; recomputes are local. */
export function useTokenColumns(url: string | null): ColumnsState {
  const [state, setState] = useState<ColumnsState>({ status: 'loading' });
  useEffect(() => {
    if (!url) return;
    const ctrl = new AbortController();
    const t0 = performance.now();
    (async () => {
      const res = await fetch(url, { signal: ctrl.signal });
      if (!res.ok) {
        const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
        throw new Error(body?.error?.message ?? `The analysis request failed (HTTP ${res.status}).`);
      }
      const text = await new Response(res.body!.pipeThrough(new DecompressionStream('gzip'))).text();
      const t1 = performance.now();
      const columns = fromTokenWire(JSON.parse(text) as TokenWire);
      setState({ status: 'ready', columns, fetchMs: t1 - t0, decodeMs: performance.now() - t1 });
    })().catch((e: unknown) => {
      if (!ctrl.signal.aborted) setState({ status: 'error', message: (e as Error).message });
    });
    return () => ctrl.abort();
  }, [url]);
  return state;
}
