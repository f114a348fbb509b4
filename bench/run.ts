/**
 * `npm run bench -- NAME [args]` runs bench/NAME.ts and appends its figures to bench/RESULTS.md with
 * the command, date and machine. Every benchmark measures its own baseline in the same run, so each
 * figure can be read as a ratio.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface BenchResult {
  name: string;
  /** Figure name → value. Baselines are figures too (e.g. "raw insert rows/s"). */
  figures: Record<string, number | string>;
  /** Optional free text: what was measured, targets met or missed. */
  notes?: string;
}

const name = process.argv[2];
if (!name || !/^[a-z0-9-]+$/.test(name)) {
  console.error('usage: npm run bench -- NAME   (NAME = ingest | browse | curate | export | tokens)');
  process.exit(2);
}
const file = path.join(import.meta.dirname, `${name}.ts`);
if (!fs.existsSync(file)) {
  console.error(`bench: no benchmark named ${name} (bench/${name}.ts)`);
  process.exit(2);
}
const mod = (await import(file)) as { run: (args: string[]) => Promise<BenchResult> };
const result = await mod.run(process.argv.slice(3));
const machine = `${os.cpus().length} cores (${os.cpus()[0]?.model.trim()}), ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM, Node ${process.version}`;
const rows = Object.entries(result.figures).map(
  ([k, v]) => `| ${k} | ${typeof v === 'number' ? (Number.isInteger(v) ? v : v.toFixed(3)) : v} |`,
);
const entry = [
  `## ${result.name} — ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`,
  '',
  `Command: \`npm run bench -- ${process.argv.slice(2).join(' ')}\`  `,
  `Machine: ${machine}`,
  '',
  '| figure | value |',
  '|---|---|',
  ...rows,
  ...(result.notes ? ['', result.notes] : []),
  '',
  '',
].join('\n');
const out = path.join(import.meta.dirname, 'RESULTS.md');
if (!fs.existsSync(out))
  fs.writeFileSync(
    out,
    '# Benchmark results\n\nAppended by `npm run bench -- NAME`. Each entry records the exact command and machine.\n\n',
  );
fs.appendFileSync(out, entry);
console.log(entry);
