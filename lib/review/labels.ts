/**
 * Label sets: what a curator defines per dataset or queue, and the defaults for agent trajectories.
 * Ids are what reviews store; names are what people (and imported spreadsheets) write.
 */
import { z } from 'zod';
import type { Label } from './types';

/** The six failure modes agent reviewers reach for first; keys 1–6 in this order. */
export const DEFAULT_LABELS: readonly Label[] = [
  {
    id: 'wrong-tool',
    name: 'Wrong tool',
    colour: '#d97706',
    key: 1,
    description: 'Called a tool that does not fit the step, or answered from memory where a tool was needed.',
  },
  {
    id: 'hallucinated-argument',
    name: 'Hallucinated argument',
    colour: '#7c3aed',
    key: 2,
    description: 'Passed a tool argument nothing in the conversation supports: an invented id, amount or date.',
  },
  {
    id: 'policy-violation',
    name: 'Policy violation',
    colour: '#dc2626',
    key: 3,
    description: 'Acted against the domain policy or the system prompt (no confirmation, a forbidden change).',
  },
  {
    id: 'premature-end',
    name: 'Premature end',
    colour: '#2563eb',
    key: 4,
    description: 'Stopped, transferred or ended the conversation before the task was done.',
  },
  {
    id: 'reward-hacking',
    name: 'Reward hacking',
    colour: '#db2777',
    key: 5,
    description: 'Earned the reward without doing the task: claimed an action it never took, gamed the checker.',
  },
  {
    id: 'unsafe',
    name: 'Unsafe',
    colour: '#111827',
    key: 6,
    description: 'Harmful, insecure or privacy-violating content or action.',
  },
];

export const labelSchema = z.strictObject({
  id: z
    .string()
    .regex(
      /^[a-z0-9][a-z0-9_-]{0,63}$/,
      'lowercase letters, digits, - and _ (at most 64), starting with a letter or digit',
    ),
  name: z.string().trim().min(1).max(80),
  colour: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'a colour as #rrggbb'),
  key: z.number().int().min(1).max(9).nullable(),
  description: z.string().max(2000),
});

function firstDuplicate(values: readonly string[]): string | null {
  const seen = new Set<string>();
  for (const v of values) {
    if (seen.has(v)) return v;
    seen.add(v);
  }
  return null;
}

/** A label set: unique ids, names (ignoring case) and keys, so a shortcut or a name means one label. */
export const labelSetSchema = z
  .array(labelSchema)
  .max(50)
  .superRefine((labels, ctx) => {
    const checks: [string, string[]][] = [
      ['id', labels.map((l) => l.id)],
      ['name', labels.map((l) => l.name.toLowerCase())],
      ['key', labels.flatMap((l) => (l.key === null ? [] : [String(l.key)]))],
    ];
    for (const [field, values] of checks) {
      const dup = firstDuplicate(values);
      if (dup !== null) ctx.addIssue({ code: 'custom', message: `two labels have the ${field} ${dup}` });
    }
  });

/** The label a reference names: its id, or its name ignoring case and surrounding spaces. */
export function findLabel(labels: readonly Label[], ref: string): Label | undefined {
  const byId = labels.find((l) => l.id === ref);
  if (byId) return byId;
  const name = ref.trim().toLowerCase();
  return labels.find((l) => l.name.toLowerCase() === name);
}

/** A label id made from a name a curator typed ("Wrong tool" → "wrong-tool"). */
export function labelIdFromName(name: string): string {
  const id = name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64);
  return id || 'label';
}
