/**
 * Entry of the `sift` CLI. Global options: --db PATH (the database file) and --json. Every failure
 * exits non-zero with a one-line reason on stderr.
 */
import path from 'node:path';
import { Command, CommanderError } from 'commander';
import { setEnv, EnvError } from '../lib/env';
import { DbError } from '../lib/db/errors';
import { closeDb, getDb } from '../lib/db/client';
import { CliError } from './output';
import { registerAll } from './commands/index';

// `sift ... | head` closes stdout early: that is not a failure.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});

const program = new Command();
program
  .name('sift')
  .description('Turn LLM agent rollouts into training data: import, browse, curate, tokenize, export.')
  .option('--db <path>', 'database file (default: $SIFT_DB or ./data/sift.db)')
  .option('--json', 'machine-readable output')
  .showHelpAfterError()
  .exitOverride()
  .hook('preAction', () => {
    const db = program.opts().db as string | undefined;
    setEnv(db ? { SIFT_DB: path.resolve(process.cwd(), db) } : {});
    getDb(); // open + migrate now, so a bad database fails before any work starts
  });

registerAll(program);

try {
  await program.parseAsync(process.argv);
  await closeDb();
} catch (e) {
  if (e instanceof CommanderError) {
    process.exit(e.exitCode);
  }
  const known = e instanceof CliError || e instanceof DbError || e instanceof EnvError;
  process.stderr.write(`sift: ${known ? (e as Error).message : ((e as Error)?.stack ?? String(e))}\n`);
  process.exit(e instanceof CliError ? e.exitCode : 1);
}
