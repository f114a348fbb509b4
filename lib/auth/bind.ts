/**
 * Where the server listens, and whether that is this machine only. Local-owner mode (no accounts,
 * no sign-in) is allowed only when both the listening address and the request's Host are loopback:
 * the first keeps other machines out, the second keeps a web page that rebinds its own name to
 * 127.0.0.1 (DNS rebinding) from talking to Sift.
 */
import net from 'node:net';

/** 127.0.0.0/8, ::1 (also IPv4-mapped) and localhost names; a Host header's port and brackets are ignored. */
export function isLoopbackHost(host: string): boolean {
  let h = host.trim().toLowerCase();
  if (h.startsWith('[')) h = h.slice(1, h.indexOf(']') === -1 ? undefined : h.indexOf(']'));
  else if (h.split(':').length === 2) h = h.split(':')[0]; // name:port or a.b.c.d:port
  if (h === 'localhost' || h.endsWith('.localhost')) return true;
  if (h.startsWith('::ffff:')) h = h.slice('::ffff:'.length);
  if (net.isIPv4(h)) return h.startsWith('127.');
  if (net.isIPv6(h)) return h === '::1' || /^(0{1,4}:){7}0{0,3}1$/.test(h);
  return false;
}

export interface BindInfo {
  /** The listening address(es), or null when they could not be found (then treated as not loopback). */
  addresses: string[] | null;
  loopback: boolean;
  /** How it was found: the server's own socket, the `next start -H` argument, or not at all. */
  source: 'socket' | 'argv' | 'unknown';
}

/** The HTTP servers listening in this process (Next's own), read from the process's handles. */
function listeningAddresses(): string[] {
  const getHandles = (process as unknown as { _getActiveHandles?: () => unknown[] })._getActiveHandles;
  if (typeof getHandles !== 'function') return [];
  const out: string[] = [];
  for (const h of getHandles.call(process)) {
    if (!(h instanceof net.Server) || !h.listening) continue;
    const a = h.address();
    if (a && typeof a === 'object') out.push(a.address);
  }
  return out;
}

/** `next start|dev -H host` / `--hostname host`; Next's default (no flag) is every interface. */
function argvHost(argv: string[]): string | null | undefined {
  if (!argv.some((a) => a === 'start' || a === 'dev')) return undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '-H' || a === '--hostname') return argv[i + 1] ?? null;
    if (a.startsWith('--hostname=')) return a.slice('--hostname='.length);
  }
  return null;
}

export function detectBind(argv: string[] = process.argv): BindInfo {
  const sockets = listeningAddresses();
  if (sockets.length > 0) return { addresses: sockets, loopback: sockets.every(isLoopbackHost), source: 'socket' };
  const h = argvHost(argv);
  if (typeof h === 'string') return { addresses: [h], loopback: isLoopbackHost(h), source: 'argv' };
  if (h === null) return { addresses: ['0.0.0.0'], loopback: false, source: 'argv' };
  return { addresses: null, loopback: false, source: 'unknown' };
}

const globalForBind = globalThis as unknown as { __siftBind?: BindInfo };

/** The server's bind, found once (after it listens) and kept for the process. */
export function getBind(): BindInfo {
  const cur = globalForBind.__siftBind;
  if (cur && cur.source === 'socket') return cur;
  const found = detectBind();
  globalForBind.__siftBind = found;
  return found;
}

/** Tests (and a custom server) say where they listen. */
export function setBind(address: string): void {
  globalForBind.__siftBind = { addresses: [address], loopback: isLoopbackHost(address), source: 'socket' };
}
