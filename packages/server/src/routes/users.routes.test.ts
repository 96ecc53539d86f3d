import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/test-server.js';

let t: TestServer;
const PASSWORD = 'a long enough test password';

async function post(path: string, body: unknown, token?: string) {
  const res = await fetch(`${t.url}/api/v1${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

const login = async (email: string, password: string) => post('/auth/login', { email, password });

beforeAll(async () => {
  t = await startTestServer({ env: { SIFT_AUTH: 'on' }, logger: false });
});
afterAll(() => t.close());

describe('POST /users/:id/password (an admin sets a forgotten password)', () => {
  it('sets the new password, ends the account’s sign-ins, and is refused to anyone but an admin', async () => {
    const admin = (await post('/auth/setup', { email: 'admin@example.com', password: PASSWORD })).body
      .access_token as string;
    const created = await post(
      '/users',
      { email: 'forgetful@example.com', role: 'editor', password: PASSWORD },
      admin,
    );
    const userId = created.body.id as string;
    const session = (await login('forgetful@example.com', PASSWORD)).body.access_token as string;

    // Only admins: the user itself (an editor) may not reset its own password this way.
    const own = await post(`/users/${userId}/password`, { new_password: 'another long passphrase' }, session);
    expect(own).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
    // The password policy applies.
    const weak = await post(`/users/${userId}/password`, { new_password: 'short' }, admin);
    expect(weak.status).toBe(400);
    expect(weak.body.code).toMatch(/^PASSWORD_/);

    const reset = await post(`/users/${userId}/password`, { new_password: 'another long passphrase' }, admin);
    expect(reset).toMatchObject({ status: 200, body: { id: userId, email: 'forgetful@example.com' } });
    expect((await login('forgetful@example.com', PASSWORD)).status).toBe(401);
    expect((await login('forgetful@example.com', 'another long passphrase')).status).toBe(200);
    const me = await fetch(`${t.url}/api/v1/auth/me`, { headers: { authorization: `Bearer ${session}` } });
    expect(me.status).toBe(401);

    const audit = await fetch(`${t.url}/api/v1/audit?action=user.password_reset`, {
      headers: { authorization: `Bearer ${admin}` },
    });
    const records = ((await audit.json()) as { items: { entity_id: string }[] }).items;
    expect(records.map((r) => r.entity_id)).toEqual([userId]);
  });

  it('answers 404 for an unknown account', async () => {
    const admin = (await login('admin@example.com', PASSWORD)).body.access_token as string;
    const res = await post(
      '/users/00000000-0000-4000-8000-0000000000ff/password',
      { new_password: 'x'.repeat(20) },
      admin,
    );
    expect(res.status).toBe(404);
  });
});
