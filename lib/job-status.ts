/**
 * Whether a job is still under way (queued or running). Exports share the job's status words, so
 * the same check serves them. Pure: the server (actions, job views, the runner) and the browser
 * (polling, buttons) import this one definition.
 */
export type ActiveJobStatus = 'queued' | 'running';

export function isJobActive(status: string): status is ActiveJobStatus {
  return status === 'queued' || status === 'running';
}
