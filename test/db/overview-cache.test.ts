import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { getDb } from '@/lib/db/client';
import { getDatasetOverview } from '@/lib/db/overview';
import { datasetFingerprint } from '@/lib/db/rollouts';
import { importFile } from '@/lib/jobs/import-file';

const fixture = path.resolve(import.meta.dirname, '../fixtures/nemo-gym/rollouts.jsonl');

describe('dataset statistics are computed by the import, not by the first page view', () => {
  it('stores the overview and metric ranges with the post-import fingerprint', async () => {
    const out = await importFile({ path: fixture, datasetName: `overview-cache-${Date.now()}` });
    expect(out.status).toBe('imported');
    const datasetId = (out as { datasetId: number }).datasetId;
    const { raw } = getDb();
    const fp = datasetFingerprint(datasetId);
    const stored = raw.prepare(`SELECT value FROM "Setting" WHERE key = ?`).get(`overview:${datasetId}`) as
      { value: string } | undefined;
    expect(stored).toBeDefined();
    const entry = JSON.parse(stored!.value);
    expect(entry.fingerprint).toBe(fp);
    const metrics = raw.prepare(`SELECT value FROM "Setting" WHERE key = ?`).get(`metric-stats:${datasetId}`) as
      { value: string } | undefined;
    expect(JSON.parse(metrics!.value).fingerprint).toBe(fp);
    // What the page reads equals a fresh recompute.
    const cached = await getDatasetOverview({ datasetId });
    const fresh = await getDatasetOverview({ datasetId, fresh: true });
    expect(cached.computedAt.toISOString()).toBe(new Date(entry.value.computedAt).toISOString());
    expect({ ...cached, computedAt: 0, computeMs: 0 }).toEqual({ ...fresh, computedAt: 0, computeMs: 0 });
    expect(cached.rollouts).toBe(out.status === 'imported' ? out.counts.imported : -1);
  });
});
