/**
 * Test fixtures for code that talks to an LLM server: a real local HTTP server whose answers each test
 * scripts, and answers in the OpenAI-compatible (SSE) and Ollama (NDJSON) wire formats.
 */
export * from './fake-llm-server.fixture.js';
export * from './llm-protocol.fixture.js';
