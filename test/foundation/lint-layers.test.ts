/**
 * The layer map in eslint.config.mjs, proved: for every boundary, a small wrong-way import at a
 * realistic path is reported under that boundary's rule id, and a right-way import is not. Probes
 * are linted as text (nothing is written); the cycle probe reads its neighbours from disk.
 */
import path from 'node:path';
import { ESLint, type Linter } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../..');
const LAYER_RULES = /^(layers\/|import-x\/no-cycle$)/;

let eslint: ESLint;
beforeAll(() => {
  eslint = new ESLint({ cwd: root });
});

/** The layer and cycle reports for `code` linted as if it were the file at `file`. */
async function layerReports(file: string, code: string): Promise<Linter.LintMessage[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return result.messages.filter((m) => m.ruleId !== null && LAYER_RULES.test(m.ruleId));
}

type Probe = [rule: string, file: string, code: string];

// One or more wrong-way imports per boundary, at the paths where they would be written.
const wrongWay: Probe[] = [
  ['layers/db-driver-only-in-lib-db', 'bench/ingest.ts', `import Database from 'better-sqlite3';`],
  [
    'layers/db-driver-only-in-lib-db',
    'scripts/new-migration.ts',
    `import { SchemaEngine } from '@prisma/schema-engine-wasm';`,
  ],
  [
    'layers/db-driver-only-in-lib-db',
    'bench/browse.ts',
    `export async function f() { return import('better-sqlite3'); }`,
  ],
  ['layers/db-driver-only-in-lib-db', 'bench/browse.ts', `export type Raw = import('better-sqlite3').Database;`],
  [
    'layers/db-driver-only-in-lib-db',
    'app/datasets/page.tsx',
    `import { PrismaClient } from '@/lib/db/generated/client';`,
  ],
  ['layers/lib-never-imports-ui', 'lib/jobs/export-job.ts', `import { Badge } from '@/components/ui/badge';`],
  [
    'layers/lib-never-imports-ui',
    'lib/db/exports.ts',
    `import { startExportAction } from '../../app/exports/actions';`,
  ],
  ['layers/pure-core', 'lib/curation/evaluate.ts', `import { getDb } from '../db/client';`],
  [
    'layers/pure-core',
    'lib/formats/modules/openai-chat.ts',
    `import { loadTokenizer } from '../../tokenize/registry';`,
  ],
  ['layers/pure-core', 'lib/token-stats/analysis.ts', `import { describeTokenizer } from '../tokenize/registry';`],
  ['layers/pure-core', 'lib/token-report/report.ts', `import { describeTokenizer } from '../tokenize/registry';`],
  // Even a type: lib/token-report names the export formats itself (lib/tokenize/export-shape.ts checks them).
  ['layers/pure-core', 'lib/token-report/shape.ts', `import type { ExportFormatId } from '../export/formats';`],
  ['layers/pure-core', 'lib/token-report/columns.ts', `import { useMemo } from 'react';`],
  ['layers/pure-core', 'lib/query/rollout-query.ts', `import { useState } from 'react';`],
  ['layers/pure-core', 'lib/review/agreement.ts', `import { getDb } from '../db/client';`],
  ['layers/browser-safe', 'lib/review/corrections.ts', `import crypto from 'node:crypto';`],
  ['layers/pure-core', 'lib/scan/secrets.ts', `import { getDb } from '../db/client';`],
  ['layers/browser-safe', 'lib/scan/redact.ts', `import fs from 'node:fs';`],
  ['layers/browser-safe', 'lib/curation/near-dup/minhash.ts', `import { Worker } from 'node:worker_threads';`],
  ['layers/formats-curation-no-files', 'lib/formats/finalize.ts', `import fs from 'node:fs';`],
  ['layers/formats-curation-no-files', 'lib/formats/modules/tau2.ts', `import { readFile } from 'fs/promises';`],
  ['layers/formats-curation-no-files', 'lib/curation/model.ts', `import { Worker } from 'node:worker_threads';`],
  ['layers/browser-safe', 'components/ui/button.tsx', `import fs from 'node:fs';`],
  ['layers/browser-safe', 'app/exports/_components/export-form.tsx', `import path from 'path';`],
  [
    'layers/browser-safe',
    'app/exports/_components/export-form.tsx',
    `import { EXPORT_FORMAT_IDS } from '@/lib/export';`,
  ],
  ['layers/browser-safe', 'lib/token-stats/cache-key.ts', `import os from 'node:os';`],
  ['layers/browser-safe', 'lib/token-report/wire.ts', `import { gunzipSync } from 'node:zlib';`],
  ['layers/ui-helpers-pure', 'lib/ui/format.ts', `import { getDb } from '../db/client';`],
  ['layers/ui-helpers-pure', 'lib/ui/segments.ts', `import { useMemo } from 'react';`],
  ['layers/engines-take-data', 'lib/tokenize/pool.ts', `import { getCachedResults } from '../db/token-cache';`],
  ['layers/engines-take-data', 'lib/export/drive.ts', `import { startJob } from '../jobs/spawn';`],
  // The wrong-way imports this map was written to remove, type-only ones included.
  ['layers/db-stores-pure-data', 'lib/db/rollouts.ts', `import type { RolloutQuery } from '../ui/rollout-query';`],
  ['layers/db-stores-pure-data', 'lib/db/token-cache.ts', `import type { TokenizerPool } from '../tokenize/pool';`],
  ['layers/db-stores-pure-data', 'lib/db/jobs.ts', `import { startJob } from '../jobs/spawn';`],
  ['layers/components-take-props', 'components/curate/results.tsx', `import type { JobRow } from '@/lib/db/jobs';`],
  ['layers/components-take-props', 'components/jobs/use-job-poll.ts', `import { getJobView } from '@/lib/jobs/spawn';`],
  [
    'layers/components-take-props',
    'components/curate/fields.tsx',
    `import { startImportAction } from '@/app/_shared/imports/actions';`,
  ],
  [
    'layers/route-components-no-server-code',
    'app/_shared/tokens/analyses-list.tsx',
    `import { listTokenAnalyses } from '@/lib/db/token-analyses';`,
  ],
  [
    'layers/route-components-no-server-code',
    'app/exports/_components/export-form.tsx',
    `import { startJob } from '@/lib/jobs/spawn';`,
  ],
  [
    'layers/route-components-no-server-code',
    'app/datasets/[id]/rollouts/[rid]/_components/tokens-tab.tsx',
    `import { getTokenView } from '@/lib/jobs/token-view';`,
  ],
  [
    'layers/routes-own-files',
    'app/imports/[id]/_components/live-import.tsx',
    `import { cancelImportAction } from '@/app/datasets/actions';`,
  ],
  [
    'layers/routes-own-files',
    'app/datasets/[id]/tokens/page.tsx',
    `import { AnalysisForm } from '../../../tokens/_components/analysis-form';`,
  ],
  ['layers/routes-own-files', 'app/datasets/page.tsx', `import { RewardCard } from './[id]/_components/reward-card';`],
  ['layers/db-stores-pure-data', 'lib/db/users.ts', `import { resolveActor } from '../auth/resolve';`],
  ['layers/auth-library-in-one-place', 'lib/auth/users.ts', `import { betterAuth } from 'better-auth';`],
  ['layers/auth-library-in-one-place', 'app/sign-in/actions.ts', `import { apiKey } from '@better-auth/api-key';`],
  ['layers/auth-library-in-one-place', 'cli/commands/users.ts', `import { admin } from 'better-auth/plugins';`],
  ['layers/auth-session-only-in-app', 'cli/commands/users.ts', `import { requireRole } from '../../lib/auth/session';`],
  ['layers/auth-session-only-in-app', 'lib/auth/users.ts', `import { getActor } from './session';`],
  ['layers/auth-session-only-in-app', 'lib/jobs/spawn.ts', `import { getActor } from '../auth/session';`],
  [
    'layers/components-take-props',
    'components/shell/user-menu.tsx',
    `import { getActorView } from '@/lib/auth/session';`,
  ],
  ['layers/pure-core', 'lib/auth/roles.ts', `import { countUsers } from '../db/users';`],
  ['layers/browser-safe', 'lib/auth/actor.ts', `import crypto from 'node:crypto';`],
  [
    'layers/route-components-no-server-code',
    'app/settings/people/_components/people-table.tsx',
    `import { addUser } from '@/lib/auth/users';`,
  ],
  // progress.ts is imported by run-job.ts: importing run-job back closes a cycle.
  ['import-x/no-cycle', 'lib/jobs/progress.ts', `import { runJob } from './run-job';\nexport const run = runJob;`],
];

// Imports the map allows, some of them next to a boundary's edge.
const rightWay: [file: string, code: string][] = [
  ['bench/ingest.ts', `import { createRolloutWriter } from '../lib/db/bulk-insert';`],
  ['lib/db/client.ts', `import Database from 'better-sqlite3';`],
  ['lib/jobs/export-job.ts', `import { getExport } from '../db/exports';`],
  ['lib/token-stats/analysis.ts', `import type { Message } from '../formats/types';`],
  ['lib/token-stats/analysis.ts', `import type { TokenReport } from '../token-report';`],
  ['lib/token-report/wire.ts', `import { decodeBase64, encodeBase64 } from '../curation/base64';`],
  ['lib/tokenize/export-shape.ts', `import { EXPORT_SHAPES } from '../token-report/shape';`],
  ['lib/db/token-analyses.ts', `import type { TokenAnalysisResult } from '../token-stats/analysis';`],
  ['components/tokens/use-token-columns.ts', `import { fromTokenWire } from '@/lib/token-report';`],
  ['lib/formats/read/source.ts', `import fs from 'node:fs';`],
  ['lib/formats/probe.ts', `import { readFile } from 'node:fs/promises';`],
  ['lib/formats/finalize.ts', `import crypto from 'node:crypto';`],
  ['lib/curation/parity.test.ts', `import fs from 'node:fs';`],
  ['app/exports/_components/export-form.tsx', `import { heldOutDefault } from '@/lib/export/request';`],
  ['lib/ui/rollout-query.ts', `import { METRIC_NAME_RE } from '../query/rollout-query';`],
  ['lib/tokenize/pool.ts', `import { analysisCacheKey } from '../token-stats/cache-key';`],
  ['lib/db/rollouts.ts', `import type { RolloutQuery } from '../query/rollout-query';`],
  ['lib/db/token-analyses.ts', `import { getJob } from './jobs';`],
  ['lib/db/token-cache.ts', `import { analysisCacheKey } from '../token-stats/cache-key';`],
  ['components/jobs/use-job-poll.ts', `import { isJobActive } from '@/lib/job-status';`],
  ['components/curate/results.tsx', `import { useJobPoll } from '../jobs/use-job-poll';`],
  ['app/datasets/[id]/rollouts/_components/columns.tsx', `import type { RolloutListRow } from '@/lib/db/rollouts';`],
  ['app/_shared/imports/actions.ts', `import path from 'node:path';\nimport { getJob } from '@/lib/db/jobs';`],
  [
    'app/imports/[id]/_components/live-import.tsx',
    `import { cancelImportAction } from '@/app/_shared/imports/actions';`,
  ],
  ['app/datasets/[id]/tokens/zero-trained/page.tsx', `import { DatasetNav } from '../../_components/dataset-nav';`],
  ['app/exports/_components/export-card.tsx', `import { cancelExportAction } from '../actions';`],
  ['lib/jobs/progress.ts', `import { isJobActive } from '../job-status';`],
  ['lib/db/auth.ts', `import { betterAuth } from 'better-auth';\nimport { ROLES } from '../auth/roles';`],
  ['lib/db/users.ts', `import { isRole } from '../auth/roles';`],
  ['app/datasets/page.tsx', `import { requirePageRole } from '@/lib/auth/session';`],
  ['components/shell/user-menu.tsx', `import type { ActorView } from '@/lib/auth/actor';`],
  ['app/exports/_components/export-form.tsx', `import { can } from '@/lib/auth/roles';`],
  ['app/settings/people/_components/people-table.tsx', `import type { UserRow } from '@/lib/db/users';`],
  ['cli/commands/users.ts', `import { addUser } from '../../lib/auth/users';`],
];

describe('the layer map (eslint.config.mjs)', () => {
  it.each(wrongWay)('%s fires in %s', async (rule, file, code) => {
    const reports = await layerReports(file, code);
    expect(reports.map((m) => m.ruleId)).toContain(rule);
  });

  it.each(rightWay)('nothing fires in %s', async (file, code) => {
    expect(await layerReports(file, code)).toEqual([]);
  });

  it('says why, in the message', async () => {
    const [report] = await layerReports(
      'lib/db/rollouts.ts',
      `import type { RolloutQuery } from '../ui/rollout-query';`,
    );
    expect(report.message).toMatch(/lib\/db stores what the pure layers define/);
  });

  it('adds boundaries up: a file under several of them obeys each', async () => {
    // lib/db/** has its own boundary; the lib/** one still holds there.
    const db = await layerReports(
      'lib/db/exports.ts',
      `import { Badge } from '@/components/ui/badge';\nimport { startJob } from '../jobs/spawn';`,
    );
    expect(db.map((m) => m.ruleId).sort()).toEqual(['layers/db-stores-pure-data', 'layers/lib-never-imports-ui']);
    // lib/curation is both a pure layer and browser code.
    const curation = await layerReports('lib/curation/model.ts', `import { Worker } from 'node:worker_threads';`);
    expect(curation.map((m) => m.ruleId).sort()).toEqual(['layers/browser-safe', 'layers/formats-curation-no-files']);
  });

  it('has a wrong-way probe for every boundary', async () => {
    const config = await eslint.calculateConfigForFile(path.join(root, 'lib/db/rollouts.ts'));
    const boundaries = Object.keys(config.plugins.layers.rules).map((name) => `layers/${name}`);
    const probed = new Set(wrongWay.map(([rule]) => rule));
    expect(boundaries.filter((b) => !probed.has(b))).toEqual([]);
    expect(probed).toContain('import-x/no-cycle');
  });
});
