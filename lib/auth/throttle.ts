/**
 * Slows password guessing at the sign-in form: after MAX_FAILURES wrong passwords for one user name
 * within WINDOW_MS, further attempts for that name are refused until the window has passed. Held in
 * the server's memory (Sift is one process); a restart forgets it. The scrypt hash already costs
 * each guess tens of milliseconds.
 */
export const MAX_FAILURES = 10;
export const WINDOW_MS = 5 * 60_000;

const failures = new Map<string, number[]>();

function recent(key: string, now: number): number[] {
  const list = (failures.get(key) ?? []).filter((t) => now - t < WINDOW_MS);
  if (list.length) failures.set(key, list);
  else failures.delete(key);
  return list;
}

/** Milliseconds to wait before `key` may try again, or 0. */
export function throttleWait(key: string, now = Date.now()): number {
  const list = recent(key, now);
  return list.length >= MAX_FAILURES ? WINDOW_MS - (now - list[0]) : 0;
}

export function recordFailure(key: string, now = Date.now()): void {
  failures.set(key, [...recent(key, now), now]);
}

export function clearFailures(key: string): void {
  failures.delete(key);
}
