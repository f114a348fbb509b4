/** Opens the database (applying migrations) and loads the sample dataset on first run. */
import { getEnv } from '../lib/env';
import { getDb, closeDb } from '../lib/db/client';
import { isAppError } from '../lib/errors';
import { seedSampleOnFirstRun } from '../lib/db/sample';

export async function prepareDb(): Promise<void> {
  const env = getEnv();
  const db = getDb();
  if (db.migrated.length) console.log(`sift: applied ${db.migrated.length} migration(s) to ${env.dbPath}`);
  const sample = await seedSampleOnFirstRun();
  if (sample.seeded) console.log(`sift: loaded the sample dataset (${sample.rollouts} rollouts)`);
  await closeDb();
}

if (import.meta.url === `file://${process.argv[1]}`) {
  prepareDb().catch((e) => {
    console.error(`sift: ${isAppError(e) ? e.message : (e as Error).stack}`);
    process.exit(1);
  });
}
