/**
 * The secret rules, as data. Each rule starts at one of its literal `triggers` (found by one
 * combined search over the text) and is then matched there with a sticky pattern, so the scan costs
 * one pass plus a little work per trigger hit. Patterns come from gitleaks' config/gitleaks.toml
 * (MIT) and secretlint's rule packages (MIT), cited per rule in `source`; README.md has the table.
 * `minEntropy` is gitleaks' per-rule entropy (bits/char over the secret) unless the source says
 * otherwise. Backslashes are kept out of every character class so a span never swallows an escape.
 */
import type { SecretKind } from './types';

export interface SecretRule {
  id: string;
  kind: SecretKind;
  /** Where the pattern comes from. */
  source: string;
  /** Literal prefixes (case-sensitive); the match starts at the trigger. */
  triggers: string[];
  /** Sticky, with indices: the secret is group 1 when the pattern has one, else the whole match. */
  pattern?: RegExp;
  /** Instead of a pattern: [start, end) of the secret for a match starting at p, or null. */
  match?(text: string, p: number): [number, number] | null;
  /** The trigger may follow a word character (it is not the start of a token). */
  anyStart?: boolean;
  minEntropy?: number;
  /** Matches to ignore (documentation examples). */
  allow?: RegExp;
  /** Extra check on the secret text. */
  validate?(secret: string): boolean;
  /** Characters that may not follow the match (default: token characters). */
  tail?: RegExp;
}

const TOKEN_TAIL = /[A-Za-z0-9_-]/;

/** Base64url → text, or '' when it does not decode (atob exists in browsers, Node and workers). */
function decodeBase64(s: string): string {
  try {
    const b = s.replace(/-/g, '+').replace(/_/g, '/');
    return atob(b + '='.repeat((4 - (b.length % 4)) % 4));
  } catch {
    return '';
  }
}

const PEM_HEAD = /-----BEGIN[ A-Z0-9_-]{0,100}PRIVATE KEY(?: BLOCK)?-----/y;
const PEM_TAIL = /-----END[ A-Z0-9_-]{0,100}PRIVATE KEY(?: BLOCK)?-----/y;
// base64 body, whitespace and the \n escapes of a key inside a JSON string
const PEM_BODY = /(?:[A-Za-z0-9+/=\s]|\\[nr])*/y;

function matchPrivateKey(text: string, p: number): [number, number] | null {
  PEM_HEAD.lastIndex = p;
  if (!PEM_HEAD.exec(text)) return null;
  const bodyStart = PEM_HEAD.lastIndex;
  const end = text.indexOf('-----END', bodyStart);
  if (end >= 0 && end - bodyStart >= 64 && end - bodyStart < 16384) {
    PEM_TAIL.lastIndex = end;
    if (PEM_TAIL.exec(text)) return [p, PEM_TAIL.lastIndex];
  }
  PEM_BODY.lastIndex = bodyStart;
  PEM_BODY.exec(text);
  return PEM_BODY.lastIndex - bodyStart >= 64 ? [p, PEM_BODY.lastIndex] : null;
}

export const SECRET_RULES: SecretRule[] = [
  {
    id: 'openai-api-key',
    kind: 'openai_api_key',
    source: 'gitleaks openai-api-key = secretlint @secretlint/secretlint-rule-openai',
    triggers: ['sk-'],
    pattern:
      /sk-(?:proj|svcacct|admin)-(?:[A-Za-z0-9_-]{74}|[A-Za-z0-9_-]{58})T3BlbkFJ(?:[A-Za-z0-9_-]{74}|[A-Za-z0-9_-]{58})|sk-[a-zA-Z0-9]{20}T3BlbkFJ[a-zA-Z0-9]{20}/dy,
    minEntropy: 3,
  },
  {
    id: 'openai-project-key',
    kind: 'openai_api_key',
    source: 'OpenAI API docs (project, service-account and admin keys start sk-proj-, sk-svcacct-, sk-admin-)',
    triggers: ['sk-'],
    pattern: /sk-(?:proj|svcacct|admin)-[A-Za-z0-9_-]{40,250}/dy,
    minEntropy: 4,
  },
  {
    id: 'anthropic-api-key',
    kind: 'anthropic_api_key',
    source: 'secretlint @secretlint/secretlint-rule-anthropic ⊇ gitleaks anthropic-api-key, anthropic-admin-api-key',
    triggers: ['sk-ant-'],
    pattern: /sk-ant-(?:api0\d|admin01)-[A-Za-z0-9_-]{90,128}AA/dy,
  },
  {
    id: 'gcp-api-key',
    kind: 'google_api_key',
    source: 'gitleaks gcp-api-key',
    triggers: ['AIza'],
    pattern: /AIza[\w-]{35}/dy,
    minEntropy: 4,
  },
  {
    id: 'aws-access-token',
    kind: 'aws_access_key_id',
    source: 'gitleaks aws-access-token (allowlist .+EXAMPLE$); secretlint @secretlint/secretlint-rule-aws',
    triggers: ['A3T', 'AKIA', 'ASIA', 'ABIA', 'ACCA'],
    pattern: /(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}/dy,
    minEntropy: 3,
    allow: /EXAMPLE$/,
    tail: /[A-Za-z0-9_]/,
  },
  {
    id: 'github-pat',
    kind: 'github_token',
    source: 'gitleaks github-pat, github-oauth, github-app-token, github-refresh-token',
    triggers: ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_'],
    pattern: /gh[pousr]_[0-9a-zA-Z]{36}/dy,
    minEntropy: 3,
  },
  {
    id: 'github-fine-grained-pat',
    kind: 'github_token',
    source: 'gitleaks github-fine-grained-pat',
    triggers: ['github_pat_'],
    pattern: /github_pat_\w{82}/dy,
    minEntropy: 3,
  },
  {
    id: 'slack-token',
    kind: 'slack_token',
    source: 'secretlint @secretlint/secretlint-rule-slack (token pattern) + gitleaks slack-config-*-token (xoxe)',
    triggers: ['xoxb-', 'xoxp-', 'xapp-', 'xoxa-', 'xoxo-', 'xoxr-', 'xoxs-', 'xoxe-', 'xoxe.'],
    pattern:
      /(?:xoxb|xoxp|xapp|xoxa|xoxo|xoxr|xoxs)-(?:\d-)?(?:[a-zA-Z0-9]{1,40}-)+[a-zA-Z0-9]{1,40}|xoxe(?:\.xox[bp])?-\d-[A-Za-z0-9]{146,166}/dy,
    minEntropy: 2,
  },
  {
    id: 'slack-webhook-url',
    kind: 'slack_webhook',
    source: 'gitleaks slack-webhook-url',
    triggers: ['hooks.slack.com/'],
    pattern: /hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9+/]{43,56}/dy,
    tail: /[A-Za-z0-9+/]/,
  },
  {
    id: 'huggingface-access-token',
    kind: 'huggingface_token',
    source: 'gitleaks huggingface-access-token = secretlint @secretlint/secretlint-rule-huggingface',
    triggers: ['hf_'],
    pattern: /hf_[a-zA-Z]{34}/dy,
    minEntropy: 2,
  },
  {
    id: 'huggingface-organization-api-token',
    kind: 'huggingface_token',
    source: 'gitleaks huggingface-organization-api-token',
    triggers: ['api_org_'],
    pattern: /api_org_[a-zA-Z]{34}/dy,
    minEntropy: 2,
  },
  {
    id: 'jwt',
    kind: 'jwt',
    source: 'gitleaks jwt (header must decode to a JSON object with "alg" or "typ")',
    triggers: ['eyJ'],
    pattern: /eyJ[A-Za-z0-9_-]{15,}\.eyJ[A-Za-z0-9_-]{15,}\.(?:[A-Za-z0-9_-]{10,}={0,2})?/dy,
    minEntropy: 3,
    validate: (s) => /^\{\s*"(?:alg|typ|kid)"/.test(decodeBase64(s.slice(0, s.indexOf('.')))),
  },
  {
    id: 'bearer-token',
    kind: 'bearer_token',
    source: 'gitleaks curl-auth-header (Bearer branch), without requiring curl',
    triggers: ['Bearer ', 'bearer ', 'BEARER '],
    pattern: /(?:Bearer|bearer|BEARER)[ \t]+([A-Za-z0-9._~+/-]{16,}=*)/dy,
    minEntropy: 3,
    // a token mixes letters and digits; prose after "bearer" does not
    validate: (s) => /\d/.test(s) && /[A-Za-z]/.test(s),
    tail: /[A-Za-z0-9._~+/=-]/,
  },
  {
    id: 'basic-auth-header',
    kind: 'basic_auth',
    source: 'gitleaks curl-auth-header (Basic branch); value must decode to user:password',
    triggers: ['Basic '],
    pattern: /Basic[ \t]+([A-Za-z0-9+/]{8,}={0,2})/dy,
    validate: (s) => /^[\x20-\x7e]+:[\x20-\x7e]+$/.test(decodeBase64(s)),
    tail: /[A-Za-z0-9+/=]/,
  },
  {
    id: 'url-credentials',
    kind: 'url_credentials',
    source: 'secretlint @secretlint/secretlint-rule-basicauth and -database-connection-string, any scheme',
    triggers: ['://'],
    pattern: /:\/\/[A-Za-z0-9._~%!$&*+;=-]{1,256}:([A-Za-z0-9._~%!$&*+;=-]{3,256})@[A-Za-z0-9[]/dy,
    // the placeholders every connection-string example uses
    validate: (s) => !/^(?:password|passwd|pass|pwd|secret|x+|\*+|\$\{?\w+\}?)$/i.test(s),
    anyStart: true,
    tail: /$^/,
  },
  {
    id: 'private-key',
    kind: 'private_key',
    source: 'gitleaks private-key (+ a block cut off before its END line, which still leaks the key)',
    triggers: ['-----BEGIN'],
    match: matchPrivateKey,
    tail: /$^/,
  },
];

export const TOKEN_CHARS = TOKEN_TAIL;
