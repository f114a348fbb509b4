/**
 * Entry of the `sift` CLI. Global options: --db PATH (the database file) and --json. Every expected
 * failure (an AppError) exits with its code's status and a one-line reason on stderr (cli/output.ts);
 * anything else prints its stack and exits 1.
 */
import path from 'node:path';
import { Command, CommanderError } from 'commander';
import { setEnv } from '../lib/env';
import { isAppError } from '../lib/errors';
import { closeDb, getDb } from '../lib/db/client';
import { cliErrorLine, exitStatus } from './output';
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
  .option(
    '--as <name>',
    'record what this command makes as this account (default: the local owner); see docs/security.md',
  )
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
  if (isAppError(e)) {
    process.stderr.write(`sift: ${cliErrorLine(e)}\n`);
    process.exit(exitStatus(e.code));
  }
  process.stderr.write(`sift: ${(e as Error)?.stack ?? String(e)}\n`);
  process.exit(1);
}
