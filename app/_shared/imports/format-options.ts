import 'server-only';
import { formats } from '@/lib/formats/registry';
import type { FormatOption } from './import-types';

/** The registry's formats as plain props for the import drop zone's format picker. */
export function formatOptions(): FormatOption[] {
  return formats.map((f) => ({ id: f.id, label: f.label, description: f.description }));
}
