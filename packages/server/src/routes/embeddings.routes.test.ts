import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fetchJson, startTestServer, type TestServer } from '../testing/test-server.js';
import type { SystemStatusResponse } from './system.schema.js';

interface Overview {
  serving_space: string | null;
  target_space: string | null;
  hybrid_alpha: { value: number; source: string; note: string | null } | null;
  swap: { status: string; reasons: string[]; decided_by: string | null } | null;
}

const json = (method: string, body?: unknown): RequestInit => ({
  method,
  ...(body !== undefined
    ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }
    : {}),
});

describe('vector space admin routes', () => {
  let t: TestServer;
  let target: string;
  beforeEach(async () => {
    t = await startTestServer({ env: { SIFT_WORKERS: 'false' } });
    await t.runtime.search.spaces.ensure();
    target = (await t.runtime.search.spaces.target()).space.id;
  });
  afterEach(() => t.close());

  /** A data dir whose searches still read another model's space, held by a failed check. */
  async function heldSwitch(): Promise<void> {
    await t.runtime.metadata.search.setServingSpace({ id: 'older@8', dimensions: 8 });
    await t.runtime.metadata.search.saveSwapCheck({
      from: 'older@8',
      to: target,
      status: 'held',
      reasons: ['the new model gives different queries (nearly) the same vector (mean cosine 1.0000)'],
      metrics: null,
      checkedAt: new Date().toISOString(),
      decidedBy: null,
      decidedAt: null,
    });
  }

  it('shows why a switch is held, in the overview and in the system status', async () => {
    await heldSwitch();

    const overview = await fetchJson<Overview>(`${t.url}/api/v1/system/embeddings`);
    expect(overview.status).toBe(200);
    expect(overview.body).toMatchObject({
      serving_space: 'older@8',
      target_space: target,
      swap: { status: 'held', reasons: [expect.stringContaining('the same vector')], decided_by: null },
    });
    const status = await fetchJson<SystemStatusResponse>(`${t.url}/api/v1/system/status`);
    expect(status.body.embeddings.swap).toMatchObject({ status: 'held', from: 'older@8' });
  });

  it('swaps a held space anyway; a second swap has nothing to decide (409)', async () => {
    await heldSwitch();

    const swapped = await fetchJson<{ switched: boolean; swap: { status: string } }>(
      `${t.url}/api/v1/system/embeddings/swap`,
      json('POST'),
    );
    expect(swapped.status).toBe(200);
    expect(swapped.body).toMatchObject({ switched: true, task_id: null, swap: { status: 'approved' } });
    expect(await t.runtime.metadata.search.servingSpace()).toMatchObject({ id: target });

    const again = await fetchJson<{ code: string }>(`${t.url}/api/v1/system/embeddings/swap`, json('POST'));
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('VECTOR_SPACE_NO_SWITCH');
  });

  it('discards the new space, then rechecks it with a re-embedding task; both audited', async () => {
    await heldSwitch();

    const discarded = await fetchJson<{ swap: { status: string } }>(
      `${t.url}/api/v1/system/embeddings/discard`,
      json('POST'),
    );
    expect(discarded.body).toMatchObject({ switched: false, swap: { status: 'discarded' } });
    expect(await t.runtime.search.spaces.ensure()).toMatchObject({ reembedNeeded: false });

    const recheck = await fetchJson<{ task_id: string; swap: { status: string } }>(
      `${t.url}/api/v1/system/embeddings/recheck`,
      json('POST'),
    );
    expect(recheck.body.swap.status).toBe('pending');
    expect(await t.runtime.queue.get(recheck.body.task_id)).toMatchObject({
      type: 'index.reembed',
      payload: { space: target },
    });
    const trail = await t.runtime.metadata.identity.audit.list({ entityType: 'vector_space' });
    expect(trail.items.map((r) => r.action)).toEqual(['embeddings.recheck', 'embeddings.discard']);
  });

  it('stores the serving space’s fusion weight, which hybrid search then uses', async () => {
    const set = await fetchJson<{ value: number; source: string; note: string }>(
      `${t.url}/api/v1/system/embeddings/hybrid-alpha`,
      json('PUT', { alpha: 0.35, note: 'tuned by hand' }),
    );
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ value: 0.35, source: 'admin', note: 'tuned by hand' });
    expect(await t.runtime.search.service.hybridAlpha()).toEqual({ alpha: 0.35, source: 'admin' });
    const status = await fetchJson<SystemStatusResponse>(`${t.url}/api/v1/system/status`);
    expect(status.body.embeddings.hybrid_alpha).toEqual({ value: 0.35, source: 'admin' });

    const bad = await fetchJson<{ code: string }>(
      `${t.url}/api/v1/system/embeddings/hybrid-alpha`,
      json('PUT', { alpha: 1.5 }),
    );
    expect(bad.status).toBe(400);
    const trail = await t.runtime.metadata.identity.audit.list({ action: 'embeddings.hybrid_alpha' });
    expect(trail.items).toHaveLength(1);
    expect(trail.items[0]).toMatchObject({
      before: { hybridAlpha: 0.1, alphaSource: 'preset' },
      after: { hybridAlpha: 0.35, alphaSource: 'admin' },
    });
  });
});
