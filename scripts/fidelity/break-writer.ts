/**
 * `npm run test:fidelity -- --break-writer [NAME...]`: proves the suite fails when a writer breaks.
 *
 * For each break: copies this checkout (tracked and untracked files, not node_modules or .git) to a
 * temporary folder, edits one writer there the way a bug would, and runs the suite on the synthetic
 * dataset. The break counts as caught when the suite exits non-zero with the expected reason.
 * The OpenAI chat byte copier (openai-chat-stored.ts) is switched off in the copy, so that the
 * break reaches every chat format through the general encoder.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

type Patch = [file: string, from: string, to: string];

interface Break {
  what: string;
  patches: Patch[];
  /** A FAIL line of the suite must match. */
  expect: RegExp;
}

/** The JSON chat formats the breaks reach (a verl writer would throw on them before any check). */
const FORMATS = 'openai-chat,sft-json,trl-preference,kto,openai-dpo';

const STORED_COPIER_OFF: Patch = [
  'lib/jobs/encode-stored.ts',
  "this.openAiChat = format === 'openai-chat' ? new OpenAiChatStoredEncoder(options) : null;",
  'this.openAiChat = null;',
];

export const BREAKS: Record<string, Break> = {
  'drop-content': {
    what: 'messages are written without their content key',
    patches: [
      STORED_COPIER_OFF,
      [
        'lib/export/openai-messages.ts',
        'const out: OpenAiMessage = { role: m.role, content: contentOut(content) };',
        'const out = { role: m.role } as OpenAiMessage;',
      ],
    ],
    expect: /has no content/,
  },
  'object-arguments': {
    what: 'tool-call arguments are written as a JSON object instead of JSON text',
    patches: [
      STORED_COPIER_OFF,
      [
        'lib/export/openai-messages.ts',
        "return { id, type: 'function', function: { name, arguments: args } };",
        "return { id, type: 'function', function: { name, arguments: JSON.parse(args) } };",
      ],
    ],
    expect: /arguments are dict/,
  },
  'null-content': {
    what: 'an assistant turn that only calls tools gets content null, as exports had it before this suite',
    patches: [
      STORED_COPIER_OFF,
      [
        'lib/export/openai-messages.ts',
        "message(m, opts, isEmpty(m.content) ? '' : m.content, own)",
        'message(m, opts, isEmpty(m.content) ? null : m.content, own)',
      ],
    ],
    expect: /content is NoneType|NoneType/,
  },
};

function copyCheckout(root: string, to: string): void {
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: root,
    encoding: 'utf8',
  })
    .split('\0')
    .filter(Boolean);
  for (const f of files) {
    if (!fs.existsSync(path.join(root, f))) continue; // deleted in the work tree
    fs.mkdirSync(path.dirname(path.join(to, f)), { recursive: true });
    fs.copyFileSync(path.join(root, f), path.join(to, f));
  }
  // Ignored but needed: dependencies, the generated Prisma client, the Python venv.
  for (const dir of ['node_modules', 'lib/db/generated', '.venv-fidelity'])
    if (fs.existsSync(path.join(root, dir))) fs.symlinkSync(path.join(root, dir), path.join(to, dir));
}

function applyPatch(copy: string, [file, from, to]: Patch): void {
  const p = path.join(copy, file);
  const text = fs.readFileSync(p, 'utf8');
  if (!text.includes(from)) throw new Error(`the break no longer applies: ${file} has no ${JSON.stringify(from)}`);
  fs.writeFileSync(p, text.replace(from, to));
}

/** Runs the named breaks (default: all); returns the exit code. */
export function breakWriters(root: string, shared: string, names: string[]): number {
  const chosen = names.length > 0 ? names : Object.keys(BREAKS);
  let missed = 0;
  for (const name of chosen) {
    const b = BREAKS[name];
    if (!b) throw new Error(`unknown break ${name}; one of ${Object.keys(BREAKS).join(', ')}`);
    const copy = fs.mkdtempSync(path.join(os.tmpdir(), `sift-break-${name}-`));
    try {
      copyCheckout(root, copy);
      for (const p of b.patches) applyPatch(copy, p);
      const res = spawnSync(
        process.execPath,
        [
          '--import',
          'tsx',
          path.join(copy, 'scripts/fidelity/run.ts'),
          '--only',
          'gen-rollouts.py',
          '--formats',
          FORMATS,
        ],
        { cwd: copy, encoding: 'utf8', env: { ...process.env, SIFT_SHARED: shared }, maxBuffer: 1 << 26 },
      );
      const kept = /fidelity: kept (\S+)/.exec(res.stdout);
      if (kept) fs.rmSync(kept[1], { recursive: true, force: true });
      const fails = res.stdout.split('\n').filter((l) => l.includes('FAIL'));
      const hit = fails.find((l) => b.expect.test(l));
      if (res.status !== 0 && hit) {
        console.log(`break-writer ${name} (${b.what}): caught, ${fails.length} FAIL lines, e.g.\n  ${hit.trim()}`);
      } else {
        missed++;
        console.log(`break-writer ${name} (${b.what}): NOT caught (exit ${res.status})`);
        process.stdout.write(res.stdout.slice(-4000) + res.stderr.slice(-2000));
      }
    } finally {
      fs.rmSync(copy, { recursive: true, force: true });
    }
  }
  return missed === 0 ? 0 : 1;
}
