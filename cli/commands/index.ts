import type { Command } from 'commander';
import { registerCurate } from './curate';
import { registerDatasets } from './datasets';
import { registerExport } from './export';
import { registerFormats } from './formats';
import { registerImport } from './import';
import { registerMake } from './make';
import { registerReview } from './review';
import { registerToOpenAi } from './to-openai';
import { registerTokens } from './tokens';
import { registerUsers } from './users';

/** Every subcommand, in the order `sift --help` lists them. */
export function registerAll(program: Command): void {
  registerDatasets(program);
  registerImport(program);
  registerFormats(program);
  registerCurate(program);
  registerTokens(program);
  registerExport(program);
  registerReview(program);
  registerMake(program);
  registerToOpenAi(program);
  registerUsers(program);
}
