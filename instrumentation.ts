/**
 * Runs once when the Next server starts (after it listens). Sift refuses to serve a network address
 * before an admin account exists, whoever started the server (lib/auth/serve-guard.ts).
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs' || process.env.NEXT_PHASE === 'phase-production-build') return;
  const { guardServerStart } = await import('./lib/auth/serve-guard');
  await guardServerStart();
}
