/**
 * One regex that finds any of a set of literals, factored as a trie (`sk-(?:ant-)?|gh(?:[opr]_|…)`).
 * V8 tries every alternative of a flat alternation at every position; the factored form decides on
 * the first character, which made the trigger search about twice as fast on rollout text.
 * Longer literals win: `sk-ant-` is matched whole rather than as `sk-`.
 */
type Trie = Map<string, Trie>;
const END = '';

const escapeChar = (c: string) => c.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');

function toSource(node: Trie): string {
  const branches: string[] = [];
  let optional = false;
  for (const [c, child] of [...node.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (c === END) optional = true;
    else branches.push(escapeChar(c) + toSource(child));
  }
  if (branches.length === 0) return '';
  const body = branches.length === 1 ? branches[0] : `(?:${branches.join('|')})`;
  return optional ? `(?:${body})?` : body;
}

export function trieRegex(literals: readonly string[], flags = 'g'): RegExp {
  const root: Trie = new Map();
  for (const lit of literals) {
    let n = root;
    for (const c of lit) {
      if (!n.has(c)) n.set(c, new Map());
      n = n.get(c)!;
    }
    n.set(END, new Map());
  }
  return new RegExp(toSource(root), flags);
}
