/**
 * What the scan reports. A finding is a character span [start, end) into the exact string that was
 * scanned: a message's content (or one text part of it), its reasoning, one tool call's raw
 * `arguments` JSON text, or one string leaf of the rollout's meta or tools.
 */

export type Category = 'secret' | 'personal';

export type SecretKind =
  | 'openai_api_key'
  | 'anthropic_api_key'
  | 'google_api_key'
  | 'aws_access_key_id'
  | 'aws_secret_access_key'
  | 'github_token'
  | 'slack_token'
  | 'slack_webhook'
  | 'huggingface_token'
  | 'private_key'
  | 'jwt'
  | 'bearer_token'
  | 'basic_auth'
  | 'url_credentials'
  | 'generic_secret';

export type PersonalKind = 'email' | 'phone' | 'card_number' | 'iban' | 'ip_address';

export type FindingKind = SecretKind | PersonalKind;

/** A span in one string. `rule` names the rule of the table that found it (README lists them). */
export interface TextFinding {
  kind: FindingKind;
  category: Category;
  rule: string;
  start: number;
  end: number;
}

/** Which string of a rollout a finding is in. */
export type FindingField = 'content' | 'reasoning' | 'arguments' | 'meta' | 'tools';

export interface Finding extends TextFinding {
  /** Index into rollout.messages; -1 for meta and tools. */
  messageIndex: number;
  field: FindingField;
  /** content: index of the text part when content is a parts array (absent for string content). */
  part?: number;
  /** arguments: index into the message's tool_calls. */
  call?: number;
  /** meta/tools: JSON path of the string leaf, e.g. `$.agent.llm_args.api_key` or `$[0].function.description`. */
  path?: string;
}

export interface ScanOptions {
  /** Which categories to look for (default both). */
  categories?: readonly Category[];
}
