import type { AuditRecord } from '@sift/core';
import { afterEach, expect, it, vi } from 'vitest';
import type { IdentityStoreHandle } from './identity-store.fixture.js';

type NewRecord = Omit<AuditRecord, 'id' | 'at'> & { at?: string };

function record(overrides: Partial<NewRecord> = {}): NewRecord {
  return {
    actorUserId: null,
    actorKeyId: null,
    action: 'document.update',
    entityType: 'document',
    entityId: 'd1',
    before: null,
    after: null,
    outcome: 'success',
    ip: null,
    userAgent: null,
    requestId: null,
    ...overrides,
  };
}

/** the audit trail: what a record keeps, newest first with filters and pages, pruning, outliving accounts. */
export function auditCases(h: () => IdentityStoreHandle): void {
  const audit = () => h().identity.audit;
  afterEach(() => {
    vi.useRealTimers();
  });

  it('appends a record with everything it carries, stamped now', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.parse('2025-04-01T08:00:00.000Z'));
    await h().addUser('u1');
    const input = record({
      actorUserId: 'u1',
      actorKeyId: 'key-1',
      before: { title: 'Old' },
      after: { title: 'New', tags: ['a', 'ü'] },
      ip: '127.0.0.1',
      userAgent: 'vitest',
      requestId: 'req-1',
    });
    const stored = await audit().append(input);
    expect(stored).toEqual({ ...input, id: expect.any(String), at: '2025-04-01T08:00:00.000Z' });
    expect((await audit().list({})).items).toEqual([stored]);
  });

  it('records an actor that does not exist as nobody, an absent entity as null, and a given time', async () => {
    const stored = await audit().append(
      record({
        actorUserId: 'ghost',
        action: 'auth.login',
        entityType: 'session',
        entityId: null,
        outcome: 'failure',
        at: '2024-05-01T00:00:00.000Z',
      }),
    );
    expect(stored).toMatchObject({
      actorUserId: null,
      entityId: null,
      outcome: 'failure',
      at: '2024-05-01T00:00:00.000Z',
    });
    expect((await audit().list({})).items).toEqual([stored]);
  });

  it('lists newest first, a page at a time', async () => {
    for (let i = 1; i <= 5; i++) {
      await audit().append(record({ entityId: `d${i}`, at: `2025-04-0${i}T00:00:00.000Z` }));
    }
    const seen: (string | null)[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await audit().list({ limit: 2, ...(cursor ? { cursor } : {}) });
      seen.push(...page.items.map((r) => r.entityId));
      cursor = page.nextCursor ?? undefined;
      pages += 1;
    } while (cursor);
    expect(seen).toEqual(['d5', 'd4', 'd3', 'd2', 'd1']);
    expect(pages).toBe(3);
    await expect(audit().list({ cursor: 'not-a-cursor' })).rejects.toMatchObject({
      code: 'INVALID_CURSOR',
      category: 'user',
    });
  });

  it('filters by actor, action, entity and an inclusive time range', async () => {
    await h().addUser('u1');
    await h().addUser('u2');
    const add = (id: string, overrides: Partial<NewRecord>) =>
      audit().append(record({ entityId: id, ...overrides }));
    await add('a', {
      actorUserId: 'u1',
      action: 'user.create',
      entityType: 'user',
      at: '2025-04-01T00:00:00.000Z',
    });
    await add('b', { actorUserId: 'u2', action: 'document.delete', at: '2025-04-02T00:00:00.000Z' });
    await add('c', { actorUserId: 'u1', action: 'document.delete', at: '2025-04-03T00:00:00.000Z' });
    await add('d', { actorUserId: 'u1', action: 'document.update', at: '2025-04-04T00:00:00.000Z' });
    const ids = async (filter: Parameters<ReturnType<typeof audit>['list']>[0]) =>
      (await audit().list(filter)).items.map((r) => r.entityId);
    expect(await ids({ actorUserId: 'u1' })).toEqual(['d', 'c', 'a']);
    expect(await ids({ action: 'document.delete' })).toEqual(['c', 'b']);
    expect(await ids({ entityType: 'user' })).toEqual(['a']);
    expect(await ids({ entityId: 'b' })).toEqual(['b']);
    expect(await ids({ from: '2025-04-02T00:00:00.000Z', to: '2025-04-03T00:00:00.000Z' })).toEqual([
      'c',
      'b',
    ]);
    expect(
      await ids({ actorUserId: 'u1', action: 'document.delete', from: '2025-04-03T00:00:00.000Z' }),
    ).toEqual(['c']);
    expect(await ids({ actorUserId: 'nobody' })).toEqual([]);
  });

  it('refuses a time filter that is not ISO-8601', async () => {
    await expect(audit().list({ from: 'yesterday' })).rejects.toMatchObject({
      code: 'AUDIT_FILTER_INVALID',
      category: 'user',
    });
    await expect(audit().list({ to: 'soon' })).rejects.toMatchObject({ code: 'AUDIT_FILTER_INVALID' });
  });

  it('prunes the records older than a time', async () => {
    for (const day of ['01', '02', '03']) {
      await audit().append(record({ entityId: day, at: `2025-04-${day}T00:00:00.000Z` }));
    }
    expect(await audit().prune('2025-04-02T00:00:00.000Z')).toBe(1);
    expect((await audit().list({})).items.map((r) => r.entityId)).toEqual(['03', '02']);
    expect(await audit().prune('2025-04-02T00:00:00.000Z')).toBe(0);
  });

  it('keeps the records of a deleted account, without its actor', async () => {
    await h().addUser('u1');
    await audit().append(record({ actorUserId: 'u1' }));
    await h().deleteUser('u1');
    expect((await audit().list({})).items).toMatchObject([{ actorUserId: null, entityId: 'd1' }]);
  });
}
