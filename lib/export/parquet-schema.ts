/**
 * A small tree DSL for parquet schemas, flattened to the SchemaElement list hyparquet-writer takes.
 * Shapes follow what pyarrow writes for verl's files (OPTIONAL everywhere, 3-level LIST with
 * list/element, UTF8 strings), so readers see the same nested kinds as the real verl parquet.
 */
import type { SchemaElement } from 'hyparquet';

export type SchemaNode =
  | { kind: 'leaf'; name: string; type: 'STRING' | 'INT64' | 'DOUBLE' | 'BOOLEAN' }
  | { kind: 'struct'; name: string; fields: SchemaNode[] }
  | { kind: 'list'; name: string; element: SchemaNode };

export const str = (name: string): SchemaNode => ({ kind: 'leaf', name, type: 'STRING' });
export const int64 = (name: string): SchemaNode => ({ kind: 'leaf', name, type: 'INT64' });
export const double = (name: string): SchemaNode => ({ kind: 'leaf', name, type: 'DOUBLE' });
export const bool = (name: string): SchemaNode => ({ kind: 'leaf', name, type: 'BOOLEAN' });
export const struct = (name: string, fields: SchemaNode[]): SchemaNode => ({ kind: 'struct', name, fields });
export const list = (name: string, element: SchemaNode): SchemaNode => ({ kind: 'list', name, element });

function flatten(node: SchemaNode, out: SchemaElement[]): void {
  if (node.kind === 'leaf') {
    if (node.type === 'STRING') {
      out.push({
        name: node.name,
        type: 'BYTE_ARRAY',
        converted_type: 'UTF8',
        logical_type: { type: 'STRING' },
        repetition_type: 'OPTIONAL',
      });
    } else {
      out.push({ name: node.name, type: node.type, repetition_type: 'OPTIONAL' });
    }
  } else if (node.kind === 'struct') {
    out.push({ name: node.name, repetition_type: 'OPTIONAL', num_children: node.fields.length });
    for (const f of node.fields) flatten(f, out);
  } else {
    out.push({
      name: node.name,
      repetition_type: 'OPTIONAL',
      converted_type: 'LIST',
      logical_type: { type: 'LIST' },
      num_children: 1,
    });
    out.push({ name: 'list', repetition_type: 'REPEATED', num_children: 1 });
    flatten({ ...node.element, name: 'element' }, out);
  }
}

export function parquetSchemaOf(columns: readonly SchemaNode[]): SchemaElement[] {
  const out: SchemaElement[] = [{ name: 'schema', repetition_type: 'REQUIRED', num_children: columns.length }];
  for (const c of columns) flatten(c, out);
  return out;
}
