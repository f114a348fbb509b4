/**
 * The secret rules' example table: positives with what must be found, and look-alikes that must
 * not match. Shared by secrets.test.ts and secretlint-parity.test.ts. Tokens are random, not real.
 */
import { ALNUM, BASE64, randomToken as tok, sampleJwt } from './test-helpers';

const ghp = `ghp_${tok(1, 36)}`;
const oaiLegacy = `sk-${tok(2, 20)}T3BlbkFJ${tok(3, 20)}`;
const oaiProj = `sk-proj-${tok(4, 74, ALNUM + '-_')}T3BlbkFJ${tok(5, 74, ALNUM + '-_')}`;
const oaiProjNoMarker = `sk-proj-${tok(6, 120, ALNUM + '-_')}`;
const ant = `sk-ant-api03-${tok(7, 93, ALNUM + '-_')}AA`;
const gcp = `AIza${tok(8, 35, ALNUM + '-_')}`;
const akia = `AKIA${tok(9, 16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')}`;
const awsSecret = tok(10, 40, BASE64);
const pat = `github_pat_${tok(11, 82, ALNUM + '_')}`;
const hf = `hf_${tok(12, 34, ALNUM.slice(0, 52))}`;
const slack = `xoxb-1234567890123-1234567890123-${tok(13, 24)}`;
const hook = `https://hooks.slack.com/services/T0123ABCDE/B0456FGHIJ/${tok(14, 24)}`;
const jwt = sampleJwt(15);
const bearer = tok(16, 40, ALNUM + '-._');
const pem = `-----BEGIN RSA PRIVATE KEY-----\n${tok(17, 64, BASE64)}\n${tok(18, 64, BASE64)}\n-----END RSA PRIVATE KEY-----`;

/** [name, text, `kind:secret` found]. */
export const SECRET_POSITIVES: [string, string, string[]][] = [
  ['GitHub classic PAT', `token ${ghp} used`, [`github_token:${ghp}`]],
  ['GitHub fine-grained PAT', `GH=${pat}`, [`github_token:${pat}`]],
  ['OpenAI legacy key', `key=${oaiLegacy};`, [`openai_api_key:${oaiLegacy}`]],
  ['OpenAI project key (gitleaks)', `"${oaiProj}"`, [`openai_api_key:${oaiProj}`]],
  [
    'OpenAI project key without marker',
    `export OPENAI_API_KEY=${oaiProjNoMarker}`,
    [`openai_api_key:${oaiProjNoMarker}`],
  ],
  ['Anthropic key', `x-api-key: ${ant}\n`, [`anthropic_api_key:${ant}`]],
  ['Google API key', `?key=${gcp}&q=1`, [`google_api_key:${gcp}`]],
  [
    'AWS key id + secret nearby',
    `id ${akia}\nsecret ${awsSecret}`,
    [`aws_access_key_id:${akia}`, `aws_secret_access_key:${awsSecret}`],
  ],
  ['AWS secret by key name', `aws_secret_access_key = ${awsSecret}`, [`aws_secret_access_key:${awsSecret}`]],
  ['Hugging Face token', `HF_TOKEN=${hf}`, [`huggingface_token:${hf}`]],
  ['Slack bot token', `slack: ${slack}`, [`slack_token:${slack}`]],
  ['Slack webhook', `post to ${hook}`, [`slack_webhook:${hook.slice(8)}`]],
  ['JWT', `cookie=${jwt}`, [`jwt:${jwt}`]],
  ['Bearer header', `Authorization: Bearer ${bearer}`, [`bearer_token:${bearer}`]],
  [
    'Bearer header holding a provider key',
    `Authorization: Bearer ${oaiProjNoMarker}`,
    [`openai_api_key:${oaiProjNoMarker}`],
  ],
  ['Basic header', `Authorization: Basic ${btoa('admin:hunter2!')}`, [`basic_auth:${btoa('admin:hunter2!')}`]],
  ['private key block', `key:\n${pem}\nend`, [`private_key:${pem}`]],
  ['private key cut off', `${pem.slice(0, 120)}`, [`private_key:${pem.slice(0, 120)}`]],
  ['private key inside JSON text', JSON.stringify({ key: pem }), [`private_key:${JSON.stringify(pem).slice(1, -1)}`]],
  ['URL credentials', 'postgres://app:Zq8v2LmN4x@db.internal:5432/app', ['url_credentials:Zq8v2LmN4x']],
  ['generic api_key in JSON', `{"api_key": "${tok(19, 32)}"}`, [`generic_secret:${tok(19, 32)}`]],
  ['generic camelCase', `apiKey: '${tok(20, 23)}7'`, [`generic_secret:${tok(20, 23)}7`]],
  ['generic password', `DB_PASSWORD=Xk9#mq2!Lp`, ['generic_secret:Xk9#mq2!Lp']],
  ['generic client_secret', `"client_secret":"${tok(21, 40)}"`, [`generic_secret:${tok(21, 40)}`]],
  [
    'generic access_token in escaped JSON',
    `{\\"access_token\\": \\"${tok(22, 30)}\\"}`,
    [`generic_secret:${tok(22, 30)}`],
  ],
  ['token after a JSON \\n escape', `"line\\n${ghp}"`, [`github_token:${ghp}`]],
];

/** [name, text]: nothing may be found. */
export const SECRET_NEGATIVES: [string, string][] = [
  ['UUID under a token key', '{"session_token": "550e8400-e29b-41d4-a716-446655440000"}'],
  ['UUID alone', 'trace 7c6a3e3e-ac3f-406f-aea9-8cacb0a2e680'],
  ['sha1 commit under a token key', '"token": "3f786850e387550fdab836ed7e6dc881de23001b"'],
  ['sha256 digest', 'sha256=9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08'],
  ['order number', 'order #W1234567 for user_id mia_li_3668'],
  ['tau2 ids', 'credit_card_7815826 gift_card_3491931 reservation 4WQ150'],
  ['timestamp', '"timestamp": "2025-06-25T10:31:07.123456"'],
  ['version', 'version 1.2.3.4 of the api_key rotation tool'],
  ['placeholder key', '{"api_key": "EMPTY"} {"api_key": "YOUR_API_KEY_HERE"} OPENAI_API_KEY=${OPENAI_API_KEY}'],
  ['identifier value', '"tokenizer": "meta-llama/Llama-3.1-8B-Instruct", "max_tokens": 16384'],
  ['usage block', '"prompt_tokens": 1234, "completion_tokens": 567, "total_tokens": 1801'],
  ['key id and public key', '"key_id": "k_8f7a6b5c4d3e", "public_key": "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE"'],
  ['AWS docs example', 'AKIAIOSFODNN7EXAMPLE'],
  ['placeholder HF token', 'hf_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'],
  ['prose after bearer', 'the bearer of this ticket, Bearer instrumentation'],
  ['Basic economy', 'Basic economy fares cannot be changed. Basic Plan - Line 555-123-2003'],
  ['eyJ without a JWT header', 'eyJ' + 'a'.repeat(20) + '.eyJ' + 'b'.repeat(20) + '.' + 'c'.repeat(12)],
  [
    'base64 image',
    `data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk${tok(23, 400, BASE64)}`,
  ],
  ['40-char base64 without an AWS key id', `blob ${tok(24, 40, BASE64)}`],
  ['words around sk-', 'task-1 risk-free disk-usage sk-learn'],
  ['connection string placeholder', 'postgres://user:password@localhost/db'],
  ['short password', '"password": "hunter2"'],
];
