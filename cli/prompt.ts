/**
 * Reading a password without echoing it: from a terminal (asked twice), or the whole of stdin with
 * --password-stdin (for scripts: `printf %s "$PW" | sift users add ...`).
 */
import { AppError } from '../lib/errors';

/** One line from the terminal with echo off (raw mode); Ctrl-C cancels. */
function readHidden(prompt: string): Promise<string> {
  const { stdin, stderr } = process;
  return new Promise((resolve, reject) => {
    stderr.write(prompt);
    let value = '';
    stdin.setRawMode(true);
    stdin.resume();
    stdin.setEncoding('utf8');
    const done = (err: Error | null) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onData);
      stderr.write('\n');
      if (err) reject(err);
      else resolve(value);
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') return done(null);
        if (ch === '\u0003') return done(new AppError('canceled', 'canceled'));
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else if (ch >= ' ') value += ch;
      }
    };
    stdin.on('data', onData);
  });
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

/** The new password, from stdin or asked twice on the terminal. */
export async function readNewPassword({ fromStdin, label }: { fromStdin: boolean; label: string }): Promise<string> {
  if (fromStdin) return readStdin();
  if (!process.stdin.isTTY)
    throw new AppError('usage', 'No terminal to ask for the password on: pipe it in with --password-stdin.');
  const first = await readHidden(`${label}: `);
  const again = await readHidden('Again: ');
  if (first !== again) throw new AppError('validation', 'The two passwords differ; nothing was changed.');
  return first;
}
