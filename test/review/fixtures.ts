/**
 * A small dataset and a team for the review tests: the generated sample (tasks × trials tool-calling
 * conversations) ingested into the test's temporary database, and accounts made through lib/auth.
 */
import { finalizeRollout } from '@/lib/formats/finalize';
import { addUser } from '@/lib/auth/users';
import type { Role } from '@/lib/auth/roles';
import { getDb } from '@/lib/db/client';
import { ingestInTransaction } from '@/lib/db/ingest';
import { generateSampleRollouts } from '@/lib/sample/generate';

export const PASSWORD = 'a long test password';

export async function makeDataset(name: string, tasks = 20, trials = 3): Promise<{ datasetId: number; ids: number[] }> {
  const rollouts = generateSampleRollouts({ tasks, trials, seed: 11 }).map(finalizeRollout);
  const res = await ingestInTransaction(
    {
      datasetName: name,
      fileName: `${name}.jsonl`,
      size: 1,
      sha256: name,
      format: 'test',
      formatReason: null,
      mode: 'strict',
    },
    async (write) => {
      write(rollouts);
      return { read: rollouts.length, skipped: 0, issues: [], issueCount: 0, bytesRead: 1 };
    },
  );
  const ids = (
    getDb().raw.prepare(`SELECT id FROM "Rollout" WHERE datasetId = ? ORDER BY id`).all(res.datasetId) as {
      id: number;
    }[]
  ).map((r) => r.id);
  return { datasetId: res.datasetId, ids };
}

export interface Person {
  id: string;
  name: string;
  role: Role;
}

/** Accounts by name and role (the first must be an admin when the database has none). */
export async function makePeople(spec: [string, Role][]): Promise<Record<string, Person>> {
  const out: Record<string, Person> = {};
  for (const [name, role] of spec) {
    const u = await addUser({ username: name, password: PASSWORD, role });
    out[name] = { id: u.id, name: u.username, role };
  }
  return out;
}

export const minutes = (base: Date, m: number) => new Date(base.getTime() + m * 60_000);
