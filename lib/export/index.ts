/** Public API of lib/export (see README.md). */
export type {
  ExportCounts,
  ExportFile,
  ExportResult,
  ExportWriter,
  ItemSource,
  LabelledItem,
  PairItem,
  RolloutItem,
  WriteArgs,
  BaseWriteOptions,
} from './types';
export {
  EXPORT_FORMAT_IDS,
  exportFormatInfo,
  exportFormats,
  type ExportFormatId,
  type ExportFormatInfo,
  type ExportKind,
} from './formats';
export {
  labelledWriters,
  lineEncoders,
  pairWriters,
  rolloutWriters,
  type AnyExportOptions,
  type LineFormat,
} from './writers';
export {
  encodeBatch,
  jsonlWriter,
  writeEncodedBatches,
  type EncodedBatch,
  type EncodedLine,
  type LineEncoder,
} from './jsonl';
export { writeOpenAiChat, openAiChatLine, type OpenAiChatOptions, type OpenAiChatLine } from './openai-chat';
export { writeSftJson, type SftJsonOptions } from './sft-json';
export { writeVerlSftCsv, writeVerlSftParquet, type VerlSftOptions } from './verl-sft';
export { writeVerlRlParquet, type VerlRlOptions } from './verl-rl';
export { writeRolloutsJsonl } from './rollouts-jsonl';
export { writeDpoPairs } from './dpo-pairs';
export { writeTrlPreference } from './trl-preference';
export { writeOpenAiDpo } from './openai-dpo';
export { writeKto } from './kto';
export {
  buildManifest,
  manifestSchema,
  parseManifest,
  verifyManifestFiles,
  writeManifest,
  MANIFEST_NAME,
  type Manifest,
  type ManifestInput,
} from './manifest';
export {
  checkOpenAiChatLine,
  type OpenAiCheckCode,
  type OpenAiCheckIssue,
  type OpenAiCheckOptions,
} from './openai-checks';
export { MAX_EXPORT_NAME, resolveExportDir, sanitizeExportName, uniqueExportName } from './paths';
export { buildTau2SystemPrompt, TAU2_AGENT_INSTRUCTION } from './tau2-system-prompt';
export { sftConversation, promptAndCompletion, settleSystemPrompt, type ConversationOptions } from './conversation';
