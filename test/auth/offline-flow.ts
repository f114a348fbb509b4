/**
 * Run by offline.test.ts in a plain Node process (NODE_ENV=production, so the auth library does not
 * take itself to be under test), with the library's telemetry opt-in variables set as a user might
 * have them. Every network door is watched: fetch, sockets and DNS. Prints what tried to go out.
 */
import dns from 'node:dns';
import net from 'node:net';
import path from 'node:path';

const attempts: string[] = [];
const realFetch = globalThis.fetch;
globalThis.fetch = (async (input: unknown) => {
  attempts.push(`fetch ${String(input instanceof Request ? input.url : input)}`);
  throw new Error('offline');
}) as typeof fetch;
const realConnect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (this: net.Socket, ...args: unknown[]) {
  attempts.push(`connect ${JSON.stringify(args[0])}`);
  return (realConnect as (...a: unknown[]) => net.Socket).apply(this, args);
} as typeof net.Socket.prototype.connect;
const realLookup = dns.lookup;
(dns as { lookup: unknown }).lookup = (host: string, ...rest: unknown[]) => {
  attempts.push(`dns ${host}`);
  return (realLookup as (...a: unknown[]) => void)(host, ...rest);
};

const root = path.resolve(import.meta.dirname, '../..');
const { addUser, createApiKey, resetPassword } = await import(path.join(root, 'lib/auth/users.ts'));
const { resolveActor } = await import(path.join(root, 'lib/auth/resolve.ts'));
const { getAuth } = await import(path.join(root, 'lib/db/auth.ts'));
const { setBind } = await import(path.join(root, 'lib/auth/bind.ts'));

setBind('127.0.0.1');
const pw = 'an offline password';
await addUser({ username: 'off', password: pw, role: 'admin' });
const auth = getAuth();
const signed = await auth.api.signInUsername({ body: { username: 'off', password: pw }, returnHeaders: true });
const cookie = signed.headers.get('set-cookie')!.split(';')[0];
const h = new Headers({ host: '127.0.0.1:3000', cookie });
const viaSession = await resolveActor(h, { allowApiKey: false });
const key = await createApiKey({ username: 'off', label: 'x' });
const viaKey = await resolveActor(new Headers({ authorization: `Bearer ${key.key}` }), { allowApiKey: true });
await auth.api.signInUsername({ body: { username: 'off', password: 'wrong password!' } }).catch(() => undefined);
await resetPassword({ username: 'off', password: 'another offline password' });
const res = await auth.handler(new Request('http://127.0.0.1:3000/api/auth/get-session', { headers: { cookie } }));
globalThis.fetch = realFetch;
console.log(
  JSON.stringify({
    attempts,
    session: viaSession?.name ?? null,
    apiKey: viaKey?.name ?? null,
    afterReset: res.status,
    telemetryOption: (auth.options as { telemetry?: { enabled?: boolean } }).telemetry?.enabled,
  }),
);
