/**
 * Sift's sign-in works with no network and sends nothing anywhere: the whole account flow (create,
 * sign in, session, API key, wrong password, password reset, the library's HTTP handler) runs in a
 * production-mode process with the auth library's telemetry opt-ins set, and no fetch, socket or
 * DNS lookup is attempted.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

describe('offline', () => {
  it('the account flow makes no network call, telemetry opt-ins notwithstanding', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sift-offline-'));
    const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(__dirname, 'offline-flow.ts')], {
      encoding: 'utf8',
      env: {
        ...process.env,
        NODE_ENV: 'production',
        VITEST: '',
        TEST: '',
        SIFT_DB: path.join(dir, 'sift.db'),
        BETTER_AUTH_TELEMETRY: '1',
        BETTER_AUTH_TELEMETRY_ENDPOINT: 'http://127.0.0.1:9/telemetry',
      },
    });
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout.trim().split('\n').pop()!);
    expect(out).toEqual({ attempts: [], session: 'off', apiKey: 'off', afterReset: 200, telemetryOption: false });
  });
});
