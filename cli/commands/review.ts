/**
 * `sift review ...`: team review from the command line, on the same lib/db/review as the pages.
 *
 *   sift review queue create --dataset D --name Q [--sample N --seed S | --recipe FILE | --suspicious |
 *                            --filter QUERY] [--kind rollout|pair|group] [--overlap K] --json  → {id, items}
 *   sift review import --queue Q FILE          reviews made elsewhere (JSONL; nothing half-imported)
 *   sift review stats --queue Q --json         agreement statistics (lib/review computeQueueStats)
 *   sift review queues [--dataset D] --json
 *
 * A queue is named by its id or its name (`--dataset` settles a name two datasets share). Queues,
 * labels and imports need the curator role with `--as NAME`.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { getDatasetByName } from '../../lib/db/datasets';
import {
  createQueue,
  getQueueByName,
  getQueueProgress,
  getQueueStats,
  importReviews,
  listQueues,
  requireQueue,
  type QueueRow,
  type QueueSource,
} from '../../lib/db/review';
import { AppError } from '../../lib/errors';
import { CONSENSUS_RULES, ITEM_KINDS, type ConsensusRule, type ItemKind } from '../../lib/review';
import { parseRolloutQuery } from '../../lib/ui/rollout-query';
import { cliActor } from '../actor';
import { printJson, printTable } from '../output';
import { readRecipe } from './curate';

const wantsJson = (program: Command, opts: { json?: boolean }) => Boolean(opts.json || program.opts().json);

async function datasetIdOf(name: string): Promise<number> {
  const d = await getDatasetByName({ name });
  if (!d) throw new AppError('dataset_not_found', `no dataset named "${name}" (see: sift datasets)`);
  return d.id;
}

async function findQueue(ref: string, dataset?: string): Promise<QueueRow> {
  const datasetId = dataset === undefined ? undefined : await datasetIdOf(dataset);
  if (/^\d+$/.test(ref)) {
    const q = await requireQueue({ id: Number(ref) }).catch(() => null);
    if (q && (datasetId === undefined || q.datasetId === datasetId)) return q;
  }
  return getQueueByName({ datasetId, name: ref });
}

function int(name: string, v: string | undefined, min: number, max: number): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new AppError(
      'usage',
      `${name} must be a whole number from ${min} to ${max.toLocaleString('en-US')} (got ${v})`,
    );
  return n;
}

interface CreateOpts {
  dataset: string;
  name: string;
  kind?: string;
  sample?: string;
  seed?: string;
  recipe?: string;
  suspicious?: boolean;
  filter?: string;
  overlap?: string;
  consensus?: string;
  open?: boolean;
  instructions?: string;
  assign?: string;
  labels?: string;
  json?: boolean;
}

async function create(program: Command, opts: CreateOpts): Promise<void> {
  const actor = await cliActor(program, 'curator');
  const datasetId = await datasetIdOf(opts.dataset);
  const kind = (opts.kind ?? 'rollout') as ItemKind;
  if (!ITEM_KINDS.includes(kind)) throw new AppError('usage', `--kind must be one of ${ITEM_KINDS.join(', ')}`);
  const consensus = (opts.consensus ?? 'majority') as ConsensusRule;
  if (!CONSENSUS_RULES.includes(consensus))
    throw new AppError('usage', `--consensus must be one of ${CONSENSUS_RULES.join(', ')}`);
  const picked = [opts.recipe !== undefined, opts.suspicious === true, opts.filter !== undefined].filter(
    Boolean,
  ).length;
  if (picked > 1)
    throw new AppError('usage', 'give one source: --recipe, --suspicious or --filter (--sample may cut any)');
  const n = int('--sample', opts.sample, 1, 100_000);
  if (opts.seed !== undefined && n === undefined) throw new AppError('usage', '--seed goes with --sample N');
  let source: QueueSource;
  if (opts.recipe !== undefined) {
    const { recipe, source: from } = await readRecipe(opts.recipe);
    source = { kind: 'recipe', recipe, part: kind === 'pair' ? 'dpo' : 'sft', recipeName: from };
  } else if (opts.suspicious) source = { kind: 'suspicious' };
  else if (opts.filter !== undefined) {
    const q = parseRolloutQuery(new URLSearchParams(opts.filter.replace(/^\?/, '')));
    source = { kind: 'filter', query: opts.filter, filters: q.filters, q: q.q };
  } else if (n !== undefined) source = { kind: 'all' };
  else throw new AppError('usage', 'say what to review: --sample N, --recipe FILE, --suspicious or --filter QUERY');
  const instructions =
    opts.instructions === undefined ? '' : fs.readFileSync(path.resolve(process.cwd(), opts.instructions), 'utf8');
  const { queue, items } = await createQueue({
    datasetId,
    name: opts.name,
    kind,
    source,
    sample: n === undefined ? null : { n, seed: int('--seed', opts.seed, 0, 2 ** 31 - 1) ?? 0 },
    overlap: int('--overlap', opts.overlap, 1, 10) ?? 1,
    consensusRule: consensus,
    blind: !opts.open,
    instructions,
    assignees: opts.assign
      ? opts.assign
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : [],
    labelIds: opts.labels
      ? opts.labels
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : [],
    createdById: actor.id,
  });
  if (wantsJson(program, opts)) printJson({ id: queue.id, items });
  else
    process.stdout.write(
      `queue ${queue.id} "${queue.name}": ${items.toLocaleString('en-US')} ${kind} items, ${queue.overlap} reviewer(s) each\n`,
    );
}

async function importFile(program: Command, file: string, opts: { queue: string; dataset?: string; json?: boolean }) {
  const actor = await cliActor(program, 'curator');
  const queue = await findQueue(opts.queue, opts.dataset);
  const full = path.resolve(process.cwd(), file);
  if (!fs.existsSync(full)) throw new AppError('file_not_found', `no file ${file}`, { file });
  const result = await importReviews({ queueId: queue.id, text: fs.readFileSync(full, 'utf8'), actorId: actor.id });
  if (wantsJson(program, opts)) printJson(result);
  else if (result.issues.length === 0)
    process.stdout.write(`imported ${result.imported} review(s) into queue ${queue.id} "${queue.name}"\n`);
  else for (const i of result.issues) process.stderr.write(`${file}:${i.line}: ${i.path}: ${i.message}\n`);
  if (result.issues.length > 0)
    throw new AppError('validation', `${result.issues.length} problem(s) in ${file}; nothing was imported`, { file });
}

const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);
const num = (v: number | null) => (v === null ? '—' : v.toFixed(3));

async function stats(program: Command, opts: { queue: string; dataset?: string; json?: boolean }) {
  const queue = await findQueue(opts.queue, opts.dataset);
  const { stats: s } = await getQueueStats({ queueId: queue.id });
  if (wantsJson(program, opts)) return printJson({ queue: { id: queue.id, name: queue.name }, ...s });
  const progress = await getQueueProgress({ queueId: queue.id });
  process.stdout.write(
    `queue ${queue.id} "${queue.name}": ${s.items} items, ${s.reviewed} reviewed, ${progress.reviewsSubmitted}/${progress.reviewsNeeded} reviews\n\n`,
  );
  printTable(
    [
      { what: 'verdict', ...row(s.verdict) },
      ...Object.entries(s.labels).map(([id, a]) => ({ what: `label ${id}`, ...row(a) })),
    ],
    [
      { key: 'what', label: '' },
      { key: 'pa', label: 'AGREEMENT', align: 'right' },
      { key: 'kappa', label: 'COHEN κ', align: 'right' },
      { key: 'alpha', label: 'KRIPPENDORFF α', align: 'right' },
    ],
  );
  process.stdout.write('\n');
  printTable(
    s.reviewers.map((r) => ({
      reviewer: r.reviewer,
      items: r.items,
      median: r.medianMs === null ? null : `${(r.medianMs / 1000).toFixed(1)} s`,
      consensus: pct(r.agreementWithConsensus),
    })),
    [
      { key: 'reviewer', label: 'REVIEWER' },
      { key: 'items', label: 'ITEMS', align: 'right' },
      { key: 'median', label: 'MEDIAN TIME', align: 'right' },
      { key: 'consensus', label: 'WITH CONSENSUS', align: 'right' },
    ],
  );
}

function row(a: { percentAgreement: number | null; cohenKappa: number | null; krippendorffAlpha: number | null }) {
  return { pa: pct(a.percentAgreement), kappa: num(a.cohenKappa), alpha: num(a.krippendorffAlpha) };
}

async function queues(program: Command, opts: { dataset?: string; json?: boolean }) {
  const datasetId = opts.dataset === undefined ? undefined : await datasetIdOf(opts.dataset);
  const rows = await listQueues({ datasetId });
  const withProgress = await Promise.all(rows.map(async (q) => ({ q, p: await getQueueProgress({ queueId: q.id }) })));
  if (wantsJson(program, opts))
    return printJson({
      queues: withProgress.map(({ q, p }) => ({
        id: q.id,
        name: q.name,
        dataset: q.datasetName,
        kind: q.kind,
        items: q.itemCount,
        overlap: q.overlap,
        consensusRule: q.consensusRule,
        blind: q.blind,
        reviewsSubmitted: p.reviewsSubmitted,
        reviewsNeeded: p.reviewsNeeded,
        itemsDone: p.itemsDone,
        createdBy: q.createdBy,
        createdAt: q.createdAt,
      })),
    });
  if (rows.length === 0)
    return void process.stdout.write('No review queues. Create one with: sift review queue create\n');
  printTable(
    withProgress.map(({ q, p }) => ({
      id: q.id,
      name: q.name,
      dataset: q.datasetName,
      kind: q.kind,
      items: q.itemCount,
      k: q.overlap,
      done: `${p.reviewsSubmitted}/${p.reviewsNeeded}`,
    })),
    [
      { key: 'id', label: 'ID', align: 'right' },
      { key: 'name', label: 'NAME' },
      { key: 'dataset', label: 'DATASET' },
      { key: 'kind', label: 'KIND' },
      { key: 'items', label: 'ITEMS', align: 'right' },
      { key: 'k', label: 'K', align: 'right' },
      { key: 'done', label: 'REVIEWS', align: 'right' },
    ],
  );
}

export function registerReview(program: Command): void {
  const review = program.command('review').description('team review: queues, imported reviews, agreement');
  const queue = review.command('queue').description('review queues');
  queue
    .command('create')
    .description('create a review queue from a sample, a recipe, the suspicious-rollout detector or a table filter')
    .requiredOption('--dataset <name>', 'dataset name')
    .requiredOption('--name <name>', 'queue name (unique in the dataset)')
    .option('--kind <kind>', 'rollout | pair (a recipe’s DPO pairs) | group (the trials of one prompt)', 'rollout')
    .option('--sample <n>', 'a seeded random sample of N items (of the whole dataset, or of the source)')
    .option('--seed <s>', 'sample seed (default 0)')
    .option('--recipe <file|name>', 'a recipe file or saved recipe: its SFT kept set (or DPO pairs with --kind pair)')
    .option('--suspicious', 'the rollouts the suspicious-rollout detector flags')
    .option('--filter <query>', "the rollout table's URL query, e.g. 'reward_max=0&q=refund'")
    .option('--overlap <k>', 'reviewers per item (default 1)')
    .option('--consensus <rule>', 'majority | unanimous | adjudicated (default majority)')
    .option('--open', 'reviewers see each other’s verdicts before submitting (default: blind)')
    .option('--instructions <file>', 'a Markdown file shown to reviewers')
    .option('--assign <names>', 'comma-separated user names (default: anyone with the reviewer role)')
    .option('--labels <ids>', "comma-separated label ids offered (default: the dataset's whole set)")
    .option('--json', 'machine-readable output: {id, items}')
    .action((opts: CreateOpts) => create(program, opts));
  review
    .command('import')
    .description(
      'import reviews made elsewhere: JSONL lines {"rollout", "reviewer", "verdict", "labels", "firstBadStep", "note"}',
    )
    .argument('<file>', 'JSONL file')
    .requiredOption('--queue <id|name>', 'the queue the reviews belong to')
    .option('--dataset <name>', "the queue's dataset, when two share its name")
    .option('--json', 'machine-readable output: {imported, issues}')
    .action((file: string, opts: { queue: string; dataset?: string; json?: boolean }) =>
      importFile(program, file, opts),
    );
  review
    .command('stats')
    .description("a queue's agreement: percent agreement, Cohen's kappa, Krippendorff's alpha, per reviewer")
    .requiredOption('--queue <id|name>', 'queue id or name')
    .option('--dataset <name>', "the queue's dataset, when two share its name")
    .option('--json', 'machine-readable output')
    .action((opts: { queue: string; dataset?: string; json?: boolean }) => stats(program, opts));
  review
    .command('queues')
    .description('list review queues with their progress')
    .option('--dataset <name>', 'only this dataset')
    .option('--json', 'machine-readable output')
    .action((opts: { dataset?: string; json?: boolean }) => queues(program, opts));
}
