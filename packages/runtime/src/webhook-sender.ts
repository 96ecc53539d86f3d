import { lookup as dnsLookup } from 'node:dns/promises';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { isIP } from 'node:net';
import { AppError, type WebhookResponse, type WebhookSender } from '@sift/core';
import ipaddr from 'ipaddr.js';

/** How a host name becomes addresses (tests put a resolver of their own here). */
export type ResolveHost = (host: string) => Promise<{ address: string; family: number }[]>;

export interface HttpWebhookSenderOptions {
  /** SIFT_WEBHOOK_ALLOW_PRIVATE: let webhooks reach loopback, link-local and private addresses. */
  allowPrivate: boolean;
  /** SIFT_WEBHOOK_TIMEOUT_MS: the whole attempt, name resolution included. */
  timeoutMs: number;
  resolve?: ResolveHost;
}

const systemResolve: ResolveHost = (host) => dnsLookup(host, { all: true, verbatim: true });

/**
 * Why an address may not be a webhook's target, or null when it may: only public unicast addresses are
 * allowed. That refuses loopback (127/8, ::1), link-local (169.254/16 — cloud metadata services —, fe80::/10),
 * private (10/8, 172.16/12, 192.168/16, fc00::/7), unspecified (0.0.0.0, ::), carrier-grade NAT, multicast,
 * broadcast and reserved ranges; an IPv4 address mapped into IPv6 (::ffff:127.0.0.1) is judged as the IPv4
 * address it is, and the IPv6 forms that embed IPv4 addresses (NAT64, 6to4, Teredo) are refused outright.
 */
export function forbiddenAddressRange(address: string): string | null {
  if (!ipaddr.isValid(address)) return 'invalid';
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress())
    parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  const range = parsed.range();
  return range === 'unicast' ? null : range;
}

/**
 * POSTs webhook deliveries over HTTP(S), guarded against server-side request forgery: the host is resolved
 * once, every address it resolves to must be allowed (see forbiddenAddressRange) unless private targets are
 * allowed, and the connection goes to the address that was checked — a custom `lookup` hands it to the socket,
 * so a DNS answer that changes between check and connect (rebinding) cannot redirect the request. TLS still
 * verifies the certificate against the host name. Redirects are not followed (node:http never does), and
 * the attempt, resolution included, ends after the timeout.
 */
export class HttpWebhookSender implements WebhookSender {
  private readonly resolve: ResolveHost;

  constructor(private readonly options: HttpWebhookSenderOptions) {
    this.resolve = options.resolve ?? systemResolve;
  }

  async checkUrl(url: string): Promise<void> {
    try {
      await this.target(url);
    } catch (err) {
      // At registration a host that does not resolve is the caller's mistake; at delivery it is retried.
      if ((err as AppError).code !== 'WEBHOOK_HOST_UNRESOLVED') throw err;
      const e = err as AppError;
      throw new AppError(e.code, 'user', e.message, { details: e.details, cause: e.cause });
    }
  }

  async post(url: string, headers: Record<string, string>, body: string): Promise<WebhookResponse> {
    const started = performance.now();
    const elapsed = () => performance.now() - started;
    const signal = AbortSignal.timeout(this.options.timeoutMs);
    let target: { url: URL; address: string; family: number };
    try {
      target = await abortable(this.target(url), signal);
    } catch (err) {
      if ((err as AppError).code === 'WEBHOOK_URL_FORBIDDEN')
        return { ok: false, reason: 'forbidden', error: (err as Error).message, latencyMs: elapsed() };
      return failure(err, signal, elapsed());
    }
    try {
      const statusCode = await send(target, headers, body, signal);
      return { ok: true, statusCode, latencyMs: elapsed() };
    } catch (err) {
      return failure(err, signal, elapsed());
    }
  }

  /** The URL parsed and one checked address to connect to; WEBHOOK_URL_FORBIDDEN when refused. */
  private async target(raw: string): Promise<{ url: URL; address: string; family: number }> {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw forbidden(raw, 'it is not a URL');
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      throw forbidden(raw, 'only http and https are allowed');
    const host = url.hostname.replace(/^\[(.*)\]$/u, '$1');
    const addresses = isIP(host)
      ? [{ address: host, family: isIP(host) }]
      : await this.resolve(host).catch((err: unknown) => {
          throw new AppError('WEBHOOK_HOST_UNRESOLVED', 'third_party', `cannot resolve ${host}`, {
            cause: err,
            details: { host },
          });
        });
    if (addresses.length === 0) throw forbidden(raw, `${host} resolves to no address`);
    if (!this.options.allowPrivate) {
      for (const { address } of addresses) {
        const range = forbiddenAddressRange(address);
        if (range) throw forbidden(raw, `${host} resolves to ${address} (${range})`, { address, range });
      }
    }
    return { url, ...addresses[0]! };
  }
}

function send(
  target: { url: URL; address: string; family: number },
  headers: Record<string, string>,
  body: string,
  signal: AbortSignal,
): Promise<number> {
  const { url, address, family } = target;
  // The socket connects to the checked address whatever DNS would answer now.
  const lookup: LookupFunction = (_host, options, callback) => {
    if (options.all)
      (callback as (e: null, a: { address: string; family: number }[]) => void)(null, [{ address, family }]);
    else callback(null, address, family);
  };
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const request = client.request(
      url,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        lookup,
        signal,
        agent: false,
      },
      (response) => {
        // The body is not kept; reading it lets the connection finish cleanly.
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

function failure(err: unknown, signal: AbortSignal, latencyMs: number): WebhookResponse {
  if (signal.aborted) return { ok: false, reason: 'timeout', error: 'timed out', latencyMs };
  const code = (err as { code?: string }).code;
  const message = err instanceof Error ? err.message : String(err);
  return { ok: false, reason: 'network', error: code ? `${code}: ${message}` : message, latencyMs };
}

function abortable<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

function forbidden(url: string, why: string, details: Record<string, unknown> = {}): AppError {
  return new AppError('WEBHOOK_URL_FORBIDDEN', 'user', `webhooks may not call ${url}: ${why}`, {
    details: { url, ...details },
  });
}
