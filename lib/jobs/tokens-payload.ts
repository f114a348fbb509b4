/**
 * Payload of a `tokens` job. Separate from tokens.ts so server actions and the viewer can validate
 * payloads without pulling in the worker pool.
 */
import { z } from 'zod';
import { ANALYSABLE_FORMATS } from '../token-report/shape';

export const shapeSchema = z.object({
  /** The export format whose conversations are measured. */
  format: z
    .enum(ANALYSABLE_FORMATS as [string, ...string[]])
    .default('openai-chat')
    .transform((f) => f as (typeof ANALYSABLE_FORMATS)[number]),
  systemPrompt: z.enum(['auto', 'data']).default('auto'),
  userTools: z.enum(['drop', 'fold']).default('drop'),
  reasoning: z.enum(['drop', 'reasoning_content']).default('drop'),
  endOn: z.enum(['last-assistant', 'last-text-assistant']).default('last-assistant'),
});

export const tokensPayloadSchema = z.object({
  datasetId: z.number().int().positive(),
  datasetName: z.string().optional(),
  tokenizer: z.string().trim().min(1).max(4096),
  chatTemplate: z
    .string()
    .max(512 * 1024)
    .optional(),
  chatTemplateName: z.string().max(300).optional(),
  shape: shapeSchema.default({
    format: 'openai-chat',
    systemPrompt: 'auto',
    userTools: 'drop',
    reasoning: 'drop',
    endOn: 'last-assistant',
  }),
  numSamples: z.number().int().positive().optional(),
  seed: z.number().int().default(0),
  removeSystemMessages: z.boolean().default(false),
  numSteps: z.number().int().min(2).max(200).default(20),
  lossBudget: z.number().min(0).max(1).default(0.01),
  mask: z.enum(['all', 'last', 'completion']).default('all'),
  maxLength: z.number().int().positive().optional(),
});

export type TokensPayload = z.infer<typeof tokensPayloadSchema>;
export type TokensPayloadInput = z.input<typeof tokensPayloadSchema>;
