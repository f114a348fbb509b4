/**
 * `npm start`: migrate the database (and load the sample on first run), build when there is no
 * production build, then serve on HOST:PORT (default 127.0.0.1:3000). On any other address it
 * refuses, before building, until an admin account exists (the server checks again itself:
 * lib/auth/serve-guard.ts).
 *
 * Stopping: SIGTERM or SIGINT stops the whole of Sift, not just this process. The signal goes to
 * next-server; once it has exited (or after a grace period, SIGKILL), every running job's process
 * group gets it too, finishes its current batch and records itself as interrupted
 * (lib/jobs/interrupt.ts); then this process exits. A second signal kills what is left at once.
 * package.json runs this file with `exec`, so the signal npm forwards reaches it rather than a shell.
 */
import fs from 'node:fs';
import path from 'node:path';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { getEnv } from '../lib/env';
import { serveRefusal } from '../lib/auth/serve-guard';
import { closeDb } from '../lib/db/client';
import { isAppError } from '../lib/errors';
import { interruptRunningJobs } from '../lib/jobs/interrupt';
import { prepareDb } from './prepare-db';

/** How long next-server and each job get to stop before they are killed. */
const GRACE_MS = 10_000;

function waitForExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const t = setTimeout(() => resolve(false), ms);
    child.once('exit', () => {
      clearTimeout(t);
      resolve(true);
    });
  });
}

async function main() {
  const env = getEnv();
  await prepareDb();
  const refusal = await serveRefusal([env.host]);
  await closeDb();
  if (refusal) {
    console.error(`sift: ${refusal}`);
    process.exit(1);
  }
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

  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) {
      // Asked twice: do not wait any longer.
      child.kill('SIGKILL');
      await interruptRunningJobs({ signal: 'SIGKILL', graceMs: 0 }).catch(() => undefined);
      process.exit(1);
    }
    stopping = true;
    console.log(`sift: ${signal}: stopping the server and any running job...`);
    child.kill(signal);
    if (!(await waitForExit(child, GRACE_MS))) {
      child.kill('SIGKILL');
      await waitForExit(child, GRACE_MS);
    }
    const { signalled, killed } = await interruptRunningJobs({ signal, graceMs: GRACE_MS });
    if (signalled > 0)
      console.log(
        `sift: ${signalled} running job${signalled === 1 ? '' : 's'} interrupted${killed ? ` (${killed} killed after ${GRACE_MS / 1000} s)` : ''}; run ${signalled === 1 ? 'it' : 'them'} again after the next start.`,
      );
    await closeDb().catch(() => undefined);
    process.exit(0);
  };
  for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => void stop(sig));
  // next-server ended on its own (a crash): end with it. When stopping, stop() decides when to exit.
  child.on('exit', (code) => {
    if (!stopping) process.exit(code ?? 1);
  });
}

main().catch((e) => {
  console.error(`sift: ${isAppError(e) ? e.message : (e as Error).stack}`);
  process.exit(1);
});
