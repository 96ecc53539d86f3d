export { PocketsphinxTranscriber, type PocketsphinxOptions } from './pocketsphinx-transcriber.adapter.js';
export {
  WhisperTransformersTranscriber,
  type WhisperTransformersOptions,
} from './whisper-transformers-transcriber.adapter.js';
export { OpenAiTranscriber, type OpenAiTranscriberOptions } from './openai-transcriber.adapter.js';
export {
  readWavInfo,
  readWavAsMono,
  decodeWav,
  downmix,
  resample,
  parseWavHeader,
  type WavInfo,
} from './wav.js';
export { DEFAULT_SEGMENT_RULES, type SegmentRules } from './pocketsphinx-output.js';
