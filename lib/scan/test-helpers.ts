/** Deterministic look-alike secrets for tests and benchmarks (never real keys). */
import { fmix32 } from '../curation/hash';

export const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
export const BASE64 = ALNUM + '+/';

/** `n` characters drawn from `alphabet`, the same for the same seed. */
export function randomToken(seed: number, n: number, alphabet = ALNUM): string {
  let s = '';
  let h = fmix32(seed + 0x9e3779b9);
  for (let i = 0; i < n; i++) {
    h = fmix32(h + i);
    s += alphabet[h % alphabet.length];
  }
  return s;
}

/** A JWT with a real `{"alg":"HS256","typ":"JWT"}` header. */
export function sampleJwt(seed: number): string {
  const b64url = (s: string) => btoa(s).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
  return `${b64url('{"alg":"HS256","typ":"JWT"}')}.${b64url(`{"sub":"${seed}","name":"Jane Doe","iat":1516239022}`)}.${randomToken(seed, 43, ALNUM + '-_')}`;
}
