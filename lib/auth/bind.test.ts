import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { detectBind, isLoopbackHost } from './bind';

describe('isLoopbackHost', () => {
  it.each<[string, boolean]>([
    ['127.0.0.1', true],
    ['127.0.0.1:3000', true],
    ['127.5.6.7', true],
    ['localhost', true],
    ['localhost:3107', true],
    ['app.localhost:80', true],
    ['::1', true],
    ['[::1]:3000', true],
    ['::ffff:127.0.0.1', true],
    ['0.0.0.0', false],
    ['::', false],
    ['192.168.1.5', false],
    ['192.168.1.5:3000', false],
    ['sift.example.lan', false],
    ['localhost.evil.com', false],
    ['127.0.0.1.nip.io', false],
  ])('%s → %s', (host, loopback) => {
    expect(isLoopbackHost(host)).toBe(loopback);
  });
});

describe('detectBind', () => {
  let server: net.Server | undefined;
  afterEach(() => new Promise<void>((r) => (server ? server.close(() => r()) : r())));

  const listen = (host: string) =>
    new Promise<void>((r) => {
      server = net.createServer();
      server.listen(0, host, () => r());
    });

  it("reads the address a server in this process listens on (Next's own)", async () => {
    await listen('127.0.0.1');
    expect(detectBind(['node', 'next', 'start'])).toMatchObject({ loopback: true, source: 'socket' });
    await new Promise<void>((r) => server!.close(() => r()));
    await listen('0.0.0.0');
    expect(detectBind(['node', 'next', 'start', '-H', '127.0.0.1'])).toMatchObject({
      addresses: ['0.0.0.0'],
      loopback: false,
      source: 'socket',
    });
  });

  it.each<[string[], boolean, string[] | null]>([
    [['node', 'next', 'start', '-H', '127.0.0.1', '-p', '3000'], true, ['127.0.0.1']],
    [['node', 'next', 'start', '--hostname=192.168.0.2'], false, ['192.168.0.2']],
    [['node', 'next', 'start', '-p', '3000'], false, ['0.0.0.0']],
    [['node', 'server.js'], false, null],
  ])('without a socket, falls back to the command line %j', (argv, loopback, addresses) => {
    server = undefined;
    expect(detectBind(argv)).toMatchObject({ loopback, addresses });
  });
});
