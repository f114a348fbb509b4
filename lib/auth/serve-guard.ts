/**
 * Sift refuses to serve a network address until an admin exists: `npm start` checks HOST before
 * building (scripts/start.ts), and the server checks the address it actually listens on when it
 * starts (instrumentation.ts), so `next start -H 0.0.0.0` cannot get around it.
 */
import { countAdmins } from '../db/users';
import { getBind, isLoopbackHost, type BindInfo } from './bind';
import { CREATE_ADMIN_HINT } from './actor';

/** The one-line reason Sift will not serve on `addresses`, or null when it may. */
export async function serveRefusal(addresses: string[] | null): Promise<string | null> {
  if (addresses && addresses.length > 0 && addresses.every(isLoopbackHost)) return null;
  if ((await countAdmins()) > 0) return null;
  const where = addresses?.join(', ') ?? 'an address it could not determine';
  return `refusing to serve on ${where} (reachable from other machines) without an admin account; create one first with \`${CREATE_ADMIN_HINT}\`, or serve on HOST=127.0.0.1.`;
}

/** The server's start check: prints the reason and exits when it must not serve. */
export async function guardServerStart(): Promise<BindInfo> {
  const bind = getBind();
  const refusal = await serveRefusal(bind.addresses);
  if (refusal) {
    console.error(`sift: ${refusal}`);
    process.exit(1);
  }
  return bind;
}
