import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One span as an OTLP collector received it, with its resource's service attributes. */
export interface ReceivedSpan {
  traceId: string;
  spanId: string;
  /** null for a root span. */
  parentSpanId: string | null;
  name: string;
  /** OTLP SpanKind number (1 internal, 2 server, 3 client, 4 producer, 5 consumer). */
  kind: number;
  attributes: Record<string, string | number | boolean>;
  /** 2 = error. */
  statusCode: number;
  serviceName: string;
  instanceId: string;
  startNs: bigint;
  endNs: bigint;
}

interface OtlpValue {
  stringValue?: string;
  intValue?: string | number;
  doubleValue?: number;
  boolValue?: boolean;
}
interface OtlpAttribute {
  key: string;
  value: OtlpValue;
}
interface OtlpJsonSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind?: number;
  startTimeUnixNano: string | number;
  endTimeUnixNano: string | number;
  attributes?: OtlpAttribute[];
  status?: { code?: number };
}
interface OtlpJsonRequest {
  resourceSpans?: {
    resource?: { attributes?: OtlpAttribute[] };
    scopeSpans?: { spans?: OtlpJsonSpan[] }[];
  }[];
}

/**
 * A minimal OTLP/HTTP trace collector for tests: a real HTTP server taking `POST /v1/traces` with the JSON
 * encoding (what `@opentelemetry/exporter-trace-otlp-http` sends) and keeping the spans. `refuseWith` makes
 * it answer with an error status instead.
 */
export class OtlpReceiver {
  readonly spans: ReceivedSpan[] = [];
  /** Export requests received, refused ones included. */
  requests = 0;
  /** A status to answer every export with instead of taking it (400: refused for good; 503: retried). */
  refuseWith: number | null = null;
  private waiters: (() => void)[] = [];

  private constructor(
    private readonly server: Server,
    /** Base URL, as SIFT_OTEL_ENDPOINT takes it. */
    readonly url: string,
  ) {}

  static async start(): Promise<OtlpReceiver> {
    let receiver: OtlpReceiver | null = null;
    const server = createServer((req, res) => {
      void receiver?.handle(req).then(
        (status) => {
          res.writeHead(status, { 'content-type': 'application/json' }).end('{}');
        },
        () => res.writeHead(400).end(),
      );
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as AddressInfo;
    receiver = new OtlpReceiver(server, `http://127.0.0.1:${port}`);
    return receiver;
  }

  /** Spans of one trace. */
  trace(traceId: string): ReceivedSpan[] {
    return this.spans.filter((s) => s.traceId === traceId);
  }

  /** Resolves with the first span matching `predicate`, waiting for exports up to `timeoutMs`. */
  async waitFor(predicate: (span: ReceivedSpan) => boolean, timeoutMs = 10_000): Promise<ReceivedSpan> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const found = this.spans.find(predicate);
      if (found) return found;
      const left = end - Date.now();
      if (left <= 0) throw new Error(`no matching span in ${timeoutMs} ms (${this.spans.length} received)`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    this.server.close();
    await once(this.server, 'close');
  }

  private async handle(req: IncomingMessage): Promise<number> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    this.requests++;
    if (req.method !== 'POST' || req.url !== '/v1/traces') return 404;
    if (!String(req.headers['content-type']).startsWith('application/json')) return 415;
    if (this.refuseWith !== null) return this.refuseWith;
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as OtlpJsonRequest;
    for (const resourceSpans of body.resourceSpans ?? []) {
      const resource = attributesOf(resourceSpans.resource?.attributes);
      for (const scope of resourceSpans.scopeSpans ?? []) {
        for (const s of scope.spans ?? []) {
          this.spans.push({
            traceId: s.traceId,
            spanId: s.spanId,
            parentSpanId: s.parentSpanId ? s.parentSpanId : null,
            name: s.name,
            kind: s.kind ?? 0,
            attributes: attributesOf(s.attributes),
            statusCode: s.status?.code ?? 0,
            serviceName: String(resource['service.name'] ?? ''),
            instanceId: String(resource['service.instance.id'] ?? ''),
            startNs: BigInt(s.startTimeUnixNano),
            endNs: BigInt(s.endTimeUnixNano),
          });
        }
      }
    }
    for (const wake of this.waiters.splice(0)) wake();
    return 200;
  }
}

function attributesOf(list: OtlpAttribute[] | undefined): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const { key, value } of list ?? []) {
    if (value.stringValue !== undefined) out[key] = value.stringValue;
    else if (value.intValue !== undefined) out[key] = Number(value.intValue);
    else if (value.doubleValue !== undefined) out[key] = value.doubleValue;
    else if (value.boolValue !== undefined) out[key] = value.boolValue;
  }
  return out;
}
