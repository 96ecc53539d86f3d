import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forbiddenAddressRange, HttpWebhookSender } from './webhook-sender.js';

/** A local receiver that records requests and answers with `status` (or the path's `/status/NNN`). */
async function startReceiver() {
  const requests: { url: string; headers: http.IncomingHttpHeaders; body: string }[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      requests.push({ url: req.url ?? '', headers: req.headers, body });
      if (req.url === '/slow') return void setTimeout(() => res.end('late'), 2_000).unref();
      if (req.url === '/redirect') {
        res.writeHead(302, { location: '/elsewhere' });
        return void res.end();
      }
      const status = Number(/\/status\/(\d+)/u.exec(req.url ?? '')?.[1] ?? 200);
      res.writeHead(status).end('ok');
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return { requests, port, close: () => new Promise<void>((r) => server.close(() => r())) };
}

describe('HttpWebhookSender', () => {
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  beforeAll(async () => {
    receiver = await startReceiver();
  });
  afterAll(() => receiver.close());

  it.each([
    ['http://127.0.0.1/hook', 'loopback'],
    ['http://[::1]/hook', 'loopback'],
    ['http://169.254.169.254/latest/meta-data/', 'linkLocal'],
    ['http://10.0.0.1/hook', 'private'],
    ['http://172.16.5.4/hook', 'private'],
    ['http://192.168.1.1/hook', 'private'],
    ['http://0.0.0.0/hook', 'unspecified'],
    ['http://[::ffff:127.0.0.1]/hook', 'loopback'],
    ['http://[fe80::1]/hook', 'linkLocal'],
    ['http://[fc00::1]/hook', 'uniqueLocal'],
    ['http://localhost/hook', 'loopback'],
  ])('refuses %s (%s) unless private targets are allowed', async (url, range) => {
    const sender = new HttpWebhookSender({ allowPrivate: false, timeoutMs: 1_000 });
    await expect(sender.checkUrl(url)).rejects.toMatchObject({
      code: 'WEBHOOK_URL_FORBIDDEN',
      category: 'user',
      details: { range },
    });
    const refused = await sender.post(url, {}, '{}');
    expect(refused).toMatchObject({ ok: false, reason: 'forbidden' });
  });

  it('refuses a host when any of its addresses is private (one public answer does not make it safe)', async () => {
    const sender = new HttpWebhookSender({
      allowPrivate: false,
      timeoutMs: 1_000,
      resolve: async () => [
        { address: '93.184.216.34', family: 4 },
        { address: '10.1.2.3', family: 4 },
      ],
    });
    await expect(sender.checkUrl('https://mixed.example/hook')).rejects.toMatchObject({
      code: 'WEBHOOK_URL_FORBIDDEN',
      details: { address: '10.1.2.3' },
    });
  });

  it('refuses other schemes and malformed URLs, and an unresolvable host at registration', async () => {
    const sender = new HttpWebhookSender({ allowPrivate: true, timeoutMs: 1_000 });
    await expect(sender.checkUrl('ftp://example.com/x')).rejects.toMatchObject({
      code: 'WEBHOOK_URL_FORBIDDEN',
    });
    await expect(sender.checkUrl('not a url')).rejects.toMatchObject({ code: 'WEBHOOK_URL_FORBIDDEN' });
    await expect(sender.checkUrl('http://no-such-host.invalid/x')).rejects.toMatchObject({
      code: 'WEBHOOK_HOST_UNRESOLVED',
      category: 'user',
    });
  });

  it('classifies addresses: only public unicast passes', () => {
    expect(forbiddenAddressRange('93.184.216.34')).toBeNull();
    expect(forbiddenAddressRange('2606:4700:4700::1111')).toBeNull();
    expect(forbiddenAddressRange('100.64.0.1')).toBe('carrierGradeNat');
    expect(forbiddenAddressRange('224.0.0.1')).toBe('multicast');
    expect(forbiddenAddressRange('::')).toBe('unspecified');
    expect(forbiddenAddressRange('64:ff9b::7f00:1')).toBe('rfc6052');
  });

  it('POSTs to a local receiver when private targets are allowed, connecting to the checked address', async () => {
    const resolved: string[] = [];
    const sender = new HttpWebhookSender({
      allowPrivate: true,
      timeoutMs: 1_000,
      // A host name whose one answer is the receiver: the request must go there, with the name as Host.
      resolve: async (host) => (resolved.push(host), [{ address: '127.0.0.1', family: 4 }]),
    });
    const response = await sender.post(
      `http://hooks.example.test:${receiver.port}/status/204`,
      { 'content-type': 'application/json', 'x-test': 'yes' },
      '{"hello":"world"}',
    );
    expect(response).toMatchObject({ ok: true, statusCode: 204 });
    expect(resolved).toEqual(['hooks.example.test']);
    const got = receiver.requests.at(-1)!;
    expect(got.body).toBe('{"hello":"world"}');
    expect(got.headers['x-test']).toBe('yes');
    expect(got.headers.host).toBe(`hooks.example.test:${receiver.port}`);
  });

  it('does not follow redirects, times out a slow receiver, and reports a refused connection', async () => {
    const sender = new HttpWebhookSender({ allowPrivate: true, timeoutMs: 300 });
    const base = `http://127.0.0.1:${receiver.port}`;
    expect(await sender.post(`${base}/redirect`, {}, '{}')).toMatchObject({ ok: true, statusCode: 302 });
    expect(receiver.requests.some((r) => r.url === '/elsewhere')).toBe(false);
    const slow = await sender.post(`${base}/slow`, {}, '{}');
    expect(slow).toMatchObject({ ok: false, reason: 'timeout' });
    // The receiver answers after 2 s: a timeout (not its late answer) shows the sender stopped waiting first.
    expect(slow.latencyMs).toBeGreaterThanOrEqual(250);
    const closed = await startReceiver();
    await closed.close();
    expect(await sender.post(`http://127.0.0.1:${closed.port}/`, {}, '{}')).toMatchObject({
      ok: false,
      reason: 'network',
      error: expect.stringContaining('ECONNREFUSED'),
    });
  });
});
