/**
 * `verl-sft-parquet` and `verl-sft-csv`: verl SFT data, one file per split (`<split>.parquet` /
 * `<split>.csv`). Column shapes are in verl-rows.ts. The default split (90/10 train/val) is the
 * caller's decision, carried by each item's split.
 */
import type { Rollout } from '../formats/types';
import { sftConversation, type ConversationOptions } from './conversation';
import { CsvFile } from './csv-file';
import { assertSplitName, drive, type DriveContext } from './drive';
import { ParquetFile } from './parquet-file';
import type { SchemaNode } from './parquet-schema';
import { toolsOut } from './tools';
import type { ExportWriter, RolloutItem } from './types';
import {
  commonColumns,
  messageRow,
  renderText,
  roleContent,
  VERL_SFT_MULTI_COLUMNS,
  VERL_SFT_SINGLE_COLUMNS,
  type VerlOptions,
} from './verl-rows';

export interface VerlSftOptions extends ConversationOptions, VerlOptions {
  /** 'multi-turn' (default): one row per rollout with `messages`; 'single-turn': one row per turn. */
  mode?: 'multi-turn' | 'single-turn';
  /** Parquet rows per row group (bounds memory). Default 1000. */
  rowGroupSize?: number;
}

interface TableSink {
  file: { rows: number };
  push(row: Record<string, unknown>): Promise<void>;
  close(): Promise<void>;
}

type SinkFactory = (ctx: DriveContext, split: string, columns: SchemaNode[]) => Promise<TableSink>;

/** Rows for one rollout: one (multi-turn) or one per trainable assistant turn (single-turn). */
type Row = Record<string, unknown> & { extra_info: Record<string, unknown> };

function* sftRows(
  rollout: Rollout,
  split: string,
  opts: VerlSftOptions,
  skip: (reason: string) => void,
): Generator<Row> {
  const conv = sftConversation(rollout, opts);
  if (!conv) return skip('no-assistant-turn');
  const common = commonColumns(rollout, opts);
  if (opts.mode !== 'single-turn') {
    yield {
      data_source: common.data_source,
      messages: conv.map(messageRow),
      tools_json: JSON.stringify(toolsOut(rollout.tools)),
      ability: common.ability,
      reward_model: common.reward_model,
      extra_info: {
        split,
        task_id: rollout.taskId,
        rollout_id: rollout.externalId,
        reward: rollout.reward,
        success: rollout.success,
      },
    };
    return;
  }
  for (let i = 0; i < conv.length; i++) {
    const m = conv[i];
    if (m.role !== 'assistant') continue;
    if (m.weight === 0) {
      skip('zero-weight-turn');
      continue;
    }
    const input = conv[i - 1];
    if (!input || (input.role !== 'user' && input.role !== 'tool')) {
      // e.g. tau2's fixed greeting before the first user turn: nothing to answer.
      skip('turn-without-input');
      continue;
    }
    yield {
      data_source: common.data_source,
      prompt: roleContent(conv.slice(0, i)),
      prompt_data: { content: renderText(input) },
      response_data: { content: renderText(m) },
      ability: common.ability,
      reward_model: common.reward_model,
      extra_info: {
        split,
        task_id: rollout.taskId,
        rollout_id: rollout.externalId,
        turn: BigInt(i),
        reward: rollout.reward,
      },
    };
  }
}

function verlSftWriter(open: SinkFactory): ExportWriter<RolloutItem, VerlSftOptions> {
  return (args) => {
    const opts = args.options ?? {};
    const columns = opts.mode === 'single-turn' ? VERL_SFT_SINGLE_COLUMNS : VERL_SFT_MULTI_COLUMNS;
    const sinks = new Map<string, Promise<TableSink>>();
    return drive(
      args,
      async ({ rollout, split }, ctx) => {
        assertSplitName(split);
        for (const row of sftRows(rollout, split, opts, (r) => ctx.skip.add(r))) {
          let sink = sinks.get(split);
          if (!sink) sinks.set(split, (sink = open(ctx, split, columns)));
          const s = await sink;
          // extra_info.index counts rows within the file, as in verl's own data.
          row.extra_info = { index: BigInt(s.file.rows), ...row.extra_info };
          await s.push(row);
        }
      },
      async () => {
        for (const s of sinks.values()) await (await s).close();
      },
    );
  };
}

export const openParquetSink =
  (rowGroupSize?: number): SinkFactory =>
  async ({ files }, split, columns) =>
    new ParquetFile(await files.get(`${split}.parquet`, split), columns, rowGroupSize);

export const openCsvSink: SinkFactory = async ({ files }, split, columns) =>
  new CsvFile(await files.get(`${split}.csv`, split), columns);

export const writeVerlSftParquet: ExportWriter<RolloutItem, VerlSftOptions> = (args) =>
  verlSftWriter(openParquetSink(args.options?.rowGroupSize))(args);

export const writeVerlSftCsv: ExportWriter<RolloutItem, VerlSftOptions> = verlSftWriter(openCsvSink);
