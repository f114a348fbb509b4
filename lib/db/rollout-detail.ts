/**
 * One rollout with its conversation, for the viewer and the compare page. The only reads of
 * RolloutBody outside exports: list queries never touch it.
 */
import type { Message, ToolSpec } from '../formats/types';
import { getDb } from './client';
import { parseStoredJson } from './rollout-row';

export interface RolloutDetail {
  id: number;
  datasetId: number;
  datasetName: string;
  importId: number;
  externalId: string;
  taskId: string | null;
  trial: number | null;
  promptKey: string;
  reward: number | null;
  success: boolean | null;
  split: string | null;
  numMessages: number;
  numTurns: number;
  numToolCalls: number;
  metrics: Record<string, number>;
  sourceFile: string;
  sourceRecord: number;
  sourceLine: number | null;
  contentHash: string;
  pairId: string | null;
  pairSide: string | null;
  /** How many leading messages are the prompt, as the importer decided (null: not recorded). */
  promptLength: number | null;
  messages: Message[];
  tools: ToolSpec[];
  meta: Record<string, unknown>;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The rollout, or null when there is none with this id. Bad stored JSON reads as empty rather than throwing. */
export async function getRollout({ id }: { id: number }): Promise<RolloutDetail | null> {
  const row = await getDb().prisma.rollout.findUnique({
    where: { id },
    include: { body: true, dataset: { select: { name: true } } },
  });
  if (!row) return null;
  const { body, dataset, metrics, ...scalars } = row;
  const parsedMetrics = parseStoredJson<unknown>(metrics, {});
  const messages = parseStoredJson<unknown>(body?.messages, []);
  const tools = parseStoredJson<unknown>(body?.tools, []);
  const meta = parseStoredJson<unknown>(body?.meta, {});
  return {
    ...scalars,
    datasetName: dataset.name,
    metrics: isRecord(parsedMetrics) ? (parsedMetrics as Record<string, number>) : {},
    messages: Array.isArray(messages) ? (messages as Message[]) : [],
    tools: Array.isArray(tools) ? (tools as ToolSpec[]) : [],
    meta: isRecord(meta) ? meta : {},
  };
}

export interface TrialSummary {
  id: number;
  trial: number | null;
  reward: number | null;
  success: boolean | null;
}

/** The rollouts of one task in a dataset (its trials), for "compare with another trial" links. */
export async function listTaskTrials({
  datasetId,
  taskId,
  limit = 50,
}: {
  datasetId: number;
  taskId: string;
  limit?: number;
}): Promise<TrialSummary[]> {
  return getDb().prisma.rollout.findMany({
    where: { datasetId, taskId },
    select: { id: true, trial: true, reward: true, success: true },
    orderBy: [{ trial: 'asc' }, { id: 'asc' }],
    take: limit,
  });
}
