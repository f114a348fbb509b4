/**
 * Seeded sampling: a rollout is in the sample when its hash(seed, id) is among the n smallest.
 * The same seed gives the same sample regardless of input order, and growing n only adds rollouts.
 */
import { createHash } from 'node:crypto';

export function sampleKey(seed: string | number, id: string): bigint {
  return createHash('sha256').update(`${seed}\0${id}`).digest().readBigUInt64BE(0);
}

export function sampleRollouts<T>(
  items: readonly T[],
  n: number,
  seed: string | number,
  idOf: (item: T) => string,
): T[] {
  if (n >= items.length) return [...items];
  const keyed = items.map((item) => ({ item, key: sampleKey(seed, idOf(item)) }));
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return keyed.slice(0, Math.max(0, n)).map((k) => k.item);
}
