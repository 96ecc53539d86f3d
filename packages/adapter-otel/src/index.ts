export { OtelTracer, type OtelTracerOptions } from './otel-tracer.adapter.js';
export type { ExportFailureListener } from './reporting-exporter.js';
