/**
 * `npm start`: migrate the database (and load the sample on first run), build when there is no
 * production build, then serve on HOST:PORT (default 127.0.0.1:3000).
 */
import fs from 'node:fs';
import path from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import { getEnv } from '../lib/env';
import { isAppError } from '../lib/errors';
import { prepareDb } from './prepare-db';

async function main() {
  const env = getEnv();
  await prepareDb();
  const nextBin = path.join(env.root, 'node_modules/next/dist/bin/next');
  if (!fs.existsSync(path.join(env.root, '.next/BUILD_ID'))) {
    console.log('sift: no production build yet, building (about a minute)...');
    const r = spawnSync(process.execPath, [nextBin, 'build'], {
      stdio: 'inherit',
      cwd: env.root,
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
    });
    if (r.status !== 0) {
      console.error('sift: the build failed (see above).');
      process.exit(1);
    }
  }
  console.log(`sift: serving on http://${env.host}:${env.port}`);
  const child = spawn(process.execPath, [nextBin, 'start', '-H', env.host, '-p', String(env.port)], {
    stdio: 'inherit',
    cwd: env.root,
    env: { ...process.env, SIFT_ROOT: env.root, SIFT_DB: env.dbPath, NEXT_TELEMETRY_DISABLED: '1' },
  });
  for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => child.kill(sig));
  child.on('exit', (code) => process.exit(code ?? 0));
}

main().catch((e) => {
  console.error(`sift: ${isAppError(e) ? e.message : (e as Error).stack}`);
  process.exit(1);
});
