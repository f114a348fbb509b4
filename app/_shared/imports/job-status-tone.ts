import { unhandled } from '@/lib/errors';
import type { JobJson } from './import-types';

/** The badge tone of a job's status: an exhaustive switch, so a new status has to choose one. */
export function jobStatusTone(status: JobJson['status']): 'good' | 'bad' | 'warn' | 'info' {
  switch (status) {
    case 'done':
      return 'good';
    case 'failed':
      return 'bad';
    case 'canceled':
      return 'warn';
    case 'queued':
    case 'running':
      return 'info';
    default:
      return unhandled(status, 'info');
  }
}
