/**
 * Personal data in one string: email addresses, phone numbers, payment card numbers, IBANs and IP
 * addresses. Each pattern demands the separators or check digits that set it apart from the ids,
 * timestamps and version strings rollouts are full of; README.md lists what is and is not matched.
 */
import { isCardBrandNumber, isIbanValid, isLuhnValid } from './checksums';
import { alignSpan, followsEscape, isBoundaryBefore } from './escapes';
import type { PersonalKind, TextFinding } from './types';

const isDigit = (c: number) => c >= 48 && c <= 57;

/** Word characters before a match end it, unless they end a JSON escape (`\n555-123-2002`). */
const WORDISH = /[A-Za-z0-9_]/;

/** Records a match; false when it does not start on a boundary (the caller then retries one further). */
function push(out: TextFinding[], text: string, kind: PersonalKind, rule: string, start: number, end: number): boolean {
  if (!isBoundaryBefore(text, start, WORDISH)) return false;
  const a = alignSpan(text, start, end);
  if (a) out.push({ kind, category: 'personal', rule, start: a[0], end: a[1] });
  return true;
}

/**
 * Runs a global pattern over text; `accept` validates and records each match. A rejected match
 * restarts one character later, because a valid one can start inside it (`\u0000 4111 1111 …`:
 * the escape's digits first, the card after).
 */
function eachMatch(re: RegExp, text: string, accept: (m: RegExpExecArray) => boolean): void {
  re.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) if (!accept(m)) re.lastIndex = m.index + 1;
}

const isLocalChar = (c: number) =>
  (c >= 48 && c <= 57) ||
  (c >= 65 && c <= 90) ||
  (c >= 97 && c <= 122) ||
  c === 46 ||
  c === 95 ||
  c === 37 ||
  c === 43 ||
  c === 45;
const DOMAIN = /(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+([A-Za-z]{2,24})(?![A-Za-z0-9-]|\.[A-Za-z0-9])/y;
/** `logo@2x.png` is a file, `git@github.com:` an SSH remote. */
const FILE_TLDS = new Set([
  'png',
  'jpg',
  'jpeg',
  'gif',
  'svg',
  'webp',
  'ico',
  'js',
  'ts',
  'css',
  'json',
  'py',
  'md',
  'txt',
]);

function scanEmails(text: string, out: TextFinding[]): void {
  for (let at = text.indexOf('@'); at >= 0; at = text.indexOf('@', at + 1)) {
    let s = at;
    while (s > 0 && isLocalChar(text.charCodeAt(s - 1)) && !followsEscape(text, s)) s--;
    while (s < at && text[s] === '.') s++;
    if (s === at || text[at - 1] === '.') continue;
    DOMAIN.lastIndex = at + 1;
    const m = DOMAIN.exec(text);
    if (!m || FILE_TLDS.has(m[1].toLowerCase())) continue;
    if (text.slice(s, at) === 'git') continue;
    push(out, text, 'email', 'email', s, DOMAIN.lastIndex);
  }
}

// NANP: separators required, area code 2–9xx (bare 10-digit runs are ids and epoch seconds).
const NANP = /(?<![+.-])(?:\+?1[ .-]?)?(?:\([2-9]\d{2}\)[ .-]?|[2-9]\d{2}[ .-])\d{3}[ .-]\d{4}(?![\w-]|[.,]?\d)/g;
// International: a leading + and country code, 8–15 digits in all (E.164), groups of 1–4 digits.
const INTL = /(?<![+])\+[1-9]\d{0,2}(?:[ .-]?\(\d{1,4}\))?(?:[ .-]?\d{1,5}){1,6}(?![\w-]|[.,]?\d)/g;

function scanPhones(text: string, out: TextFinding[]): void {
  eachMatch(NANP, text, (m) => {
    const p = m.index;
    // part of a longer digit group ("12 555-123-2002"), unless that digit ends a JSON \u escape
    if (p >= 2 && isDigit(text.charCodeAt(p - 2)) && ' .-'.includes(text[p - 1]) && !followsEscape(text, p - 1))
      return false;
    return push(out, text, 'phone', 'phone-nanp', p, p + m[0].length);
  });
  eachMatch(INTL, text, (m) => {
    const digits = m[0].replace(/\D/g, '').length;
    if (digits < 8 || digits > 15 || m[0].startsWith('+1')) return false; // +1 numbers are NANP's
    return push(out, text, 'phone', 'phone-international', m.index, m.index + m[0].length);
  });
}

// 13–19 digits, in groups split by single spaces or dashes (or none).
const CARD = /(?<![.,+-])\d{4}(?:[ -]?\d{2,7}){1,4}(?![\w-]|[.,]\d)/g;

function scanCards(text: string, out: TextFinding[]): void {
  eachMatch(CARD, text, (m) => {
    const raw = m[0];
    if (/ .*-|-.* /.test(raw)) return false; // mixed separators: not one number
    const d = raw.replace(/[ -]/g, '');
    if (d.length < 13 || d.length > 19 || !isCardBrandNumber(d) || !isLuhnValid(d)) return false;
    return push(out, text, 'card_number', 'card-luhn', m.index, m.index + raw.length);
  });
}

const IBAN = /(?<![-])[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?(?![\w-])/g;

function scanIbans(text: string, out: TextFinding[]): void {
  eachMatch(
    IBAN,
    text,
    (m) => isIbanValid(m[0].replace(/ /g, '')) && push(out, text, 'iban', 'iban-mod97', m.index, m.index + m[0].length),
  );
}

const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
// Not part of a longer dotted run (1.2.3.4.5), not followed by a pre-release or build tag (1.2.3.4-beta).
const IPV4 = new RegExp(`(?<![.-])${OCTET}(?:\\.${OCTET}){3}(?![\\w-]|\\.\\d)`, 'g');
/** Version contexts: `v1.2.3.4`, `version 1.2.3.4`, `pkg@1.2.3.4`, `Chrome/120.0.0.0`. */
const VERSION_BEFORE = /(?:\b[vV]|version|ver\.?|release|build|firmware|[A-Za-z]\/|@)[\s:="']{0,3}$/i;

function scanIpv4(text: string, out: TextFinding[]): void {
  eachMatch(IPV4, text, (m) => {
    const first = Number(m[0].slice(0, m[0].indexOf('.')));
    // unspecified, loopback and netmasks identify nobody
    if (first === 0 || first === 127 || first === 255) return false;
    if (VERSION_BEFORE.test(text.slice(Math.max(0, m.index - 12), m.index))) return false;
    // CIDR ranges (8.8.8.0/24) name networks, not a person's host
    if (text[m.index + m[0].length] === '/' && /\d/.test(text[m.index + m[0].length + 1] ?? '')) return false;
    return push(out, text, 'ip_address', 'ipv4', m.index, m.index + m[0].length);
  });
}

const H = '[0-9A-Fa-f]{1,4}';
// Full form, or compressed with `::` (times like 10:30:00 have neither 8 groups nor ::).
const IPV6 = new RegExp(
  `(?<![:.])(?:(?:${H}:){7}${H}|(?:${H}(?::${H}){0,6})?::(?:${H}(?::${H}){0,6})?)(?![\\w:]|\\.\\d)`,
  'g',
);

function scanIpv6(text: string, out: TextFinding[]): void {
  eachMatch(IPV6, text, (m) => {
    // `::`, `::1` (loopback) and C++/Rust paths' `::` between words are not addresses
    const groups = m[0].split(':').filter(Boolean);
    if (groups.length < 2 || groups.join('').length < 5) return false;
    return push(out, text, 'ip_address', 'ipv6', m.index, m.index + m[0].length);
  });
}

/**
 * Necessary conditions, each found in one cheap pass: phones, cards, IBANs and IPv4 addresses all
 * hold 7+ characters of digits and separators; an IPv6 address has `::` or 7 colons. Most strings
 * of a rollout meet neither and skip the five pattern passes.
 */
const DIGIT_RUN = /\d[\d .()/-]{5,}\d/;

function mayHoldIpv6(text: string): boolean {
  if (text.indexOf('::') >= 0) return true;
  let colons = 0;
  for (let i = text.indexOf(':'); i >= 0 && colons < 7; i = text.indexOf(':', i + 1)) colons++;
  return colons >= 7;
}

export function scanPersonal(text: string, out: TextFinding[]): void {
  if (text.indexOf('@') >= 0) scanEmails(text, out);
  if (DIGIT_RUN.test(text)) {
    scanPhones(text, out);
    scanCards(text, out);
    scanIbans(text, out);
    scanIpv4(text, out);
  }
  if (mayHoldIpv6(text)) scanIpv6(text, out);
}
