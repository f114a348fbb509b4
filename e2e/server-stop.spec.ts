/**
 * The server stops when asked: SIGTERM to `npm start` (the real production server, on a free
 * loopback port, with its own database) stops next-server and a running job, marks the job
 * interrupted, frees the port and leaves no process behind: nothing in npm's process group and
 * nothing in the job's. No browser: this journey is about processes.
 */
import { test, expect } from '@playwright/test';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const root = process.cwd();

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

/** Live processes of a process group, from /proc (pgid is field 5 of /proc/<pid>/stat). */
function groupMembers(pgid: number): { pid: number; cmd: string }[] {
  const out: { pid: number; cmd: string }[] = [];
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
      // After "(comm)": state ppid pgrp ...; comm may contain spaces, so split after the last ')'.
      const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(pgrp) === pgid && state !== 'Z') {
        const cmd = fs.readFileSync(`/proc/${name}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
        out.push({ pid: Number(name), cmd });
      }
    } catch {
      // the process ended while we looked
    }
  }
  return out;
}

async function waitFor(what: string, check: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function jobs(db: string, ...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'e2e/fixtures/jobs.ts', ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, SIFT_DB: db, SIFT_ROOT: root },
  });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Record<string, unknown>;
}

test('SIGTERM to npm start stops the server and a running job, frees the port and leaves no process', async () => {
  test.setTimeout(240_000);
  if (!fs.existsSync('/proc/self/stat')) test.skip(true, 'needs /proc (Linux)');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sift-stop-'));
  const db = path.join(dir, 'sift.db');
  const port = await freePort();
  let npm: ChildProcess | null = null;
  let jobPid = 0;
  try {
    // Its own process group (detached), so every process it starts can be found, and killed in the end.
    npm = spawn('npm', ['start'], {
      cwd: root,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, SIFT_DB: db, HOST: '127.0.0.1', PORT: String(port), SIFT_ROOT: undefined },
    });
    let log = '';
    npm.stdout!.on('data', (b: Buffer) => (log += b.toString()));
    npm.stderr!.on('data', (b: Buffer) => (log += b.toString()));
    const exited = new Promise<number | null>((resolve) => npm!.once('exit', (code) => resolve(code)));
    const pgid = npm.pid!;

    await waitFor(
      'the server to answer',
      async () => (await fetch(`http://127.0.0.1:${port}/datasets`).catch(() => null))?.ok === true,
      120_000,
    );
    expect(groupMembers(pgid).some((p) => p.cmd.includes('next-server') || p.cmd.includes('next start'))).toBe(true);

    const started = jobs(db, 'start-import', '150000');
    jobPid = started.pid as number;
    const progress = path.join(dir, 'jobs', `${started.jobId as string}.json`);
    await waitFor(
      'the job to import records',
      () =>
        fs.existsSync(progress) &&
        ((JSON.parse(fs.readFileSync(progress, 'utf8')) as { records?: number }).records ?? 0) > 0,
      60_000,
    );
    expect(groupMembers(jobPid).length).toBeGreaterThan(0);

    process.kill(npm.pid!, 'SIGTERM');
    await exited;
    await waitFor("npm start's processes to end", () => groupMembers(pgid).length === 0, 30_000).catch(() => {
      throw new Error(`still running: ${JSON.stringify(groupMembers(pgid))}\n${log}`);
    });
    await waitFor("the job's processes to end", () => groupMembers(jobPid).length === 0, 30_000);
    expect(await isPortFree(port)).toBe(true);
    expect(log).toContain('1 running job interrupted');

    // The job stopped after a batch and says why; nothing of it was stored.
    const status = jobs(db, 'status', started.jobId as string);
    expect(status).toMatchObject({ status: 'failed', error: expect.stringMatching(/^Interrupted: Sift was stopped/) });
  } finally {
    for (const pgid of [npm?.pid, jobPid]) {
      if (!pgid) continue;
      try {
        process.kill(-pgid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
