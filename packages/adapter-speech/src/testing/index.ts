export { SPEECH_SAMPLES, speak, whisperModelsDir, type SpeechSample } from './speech-samples.js';
