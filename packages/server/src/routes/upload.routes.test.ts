import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  BOUNDARY,
  MULTIPART,
  multipartBody,
  rawPost,
  startPost,
  type RawPart,
} from '../testing/raw-multipart.js';
import { nextEvent, startTestServer, type TestServer } from '../testing/test-server.js';
import { uploadFiles } from '../testing/upload.js';

/** Files under a directory, recursively (to prove nothing was left behind). */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

const file = (name: string, data = `the text of ${name}`): RawPart => ({ file: name, data });

describe('upload requests that fail as a whole', () => {
  let t: TestServer;
  const api = () => `${t.url}/api/v1`;

  // A fresh data dir each, so that what one test leaves cannot pass for another's. No workers: the tasks of
  // rolled-back documents must be found cancelled, never run.
  beforeEach(async () => {
    t = await startTestServer({ env: { SIFT_UPLOAD_MAX_FILES: '3', SIFT_WORKERS: 'false' } });
  });
  afterEach(() => t.close());

  /** The documents, blobs and ingest tasks the data dir holds, to compare before and after a request. */
  async function stored() {
    const docs = await t.runtime.documents.list(t.runtime.identity.operator(), { limit: 500 });
    const tasks = await t.runtime.tasks.list(t.runtime.identity.operator(), {
      type: ['document.ingest'],
      limit: 200,
    });
    return {
      documents: docs.items.map((d) => d.filename).sort(),
      blobs: (await filesUnder(path.join(t.dataDir, 'blobs'))).map((f) => path.relative(t.dataDir, f)),
      liveTasks: tasks.items.filter((task) => task.status !== 'cancelled').length,
    };
  }

  async function expectNothingStored(): Promise<void> {
    // A moment for anything the request set off to land.
    await delay(200);
    expect(await stored()).toEqual({ documents: [], blobs: [], liveTasks: 0 });
  }

  it('refuses more files than allowed with 413 UPLOAD_TOO_MANY_FILES and stores none of them', async () => {
    const res = await rawPost(
      `${api()}/documents`,
      MULTIPART,
      multipartBody([file('a.txt'), file('b.txt'), file('c.txt'), file('d.txt')]),
    );
    expect(res.status).toBe(413);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body).toMatchObject({ code: 'UPLOAD_TOO_MANY_FILES', max_files: 3 });
    // The rest of the body may be unread: the connection must not be reused.
    expect(res.headers.connection).toBe('close');
    await expectNothingStored();
  });

  it('refuses a body cut off after its first part with 400 UPLOAD_MALFORMED and stores nothing', async () => {
    const whole = multipartBody([file('first.txt'), file('second.txt')]);
    // The body ends after the first part and the delimiter that closes it; the second part never comes.
    const cut = multipartBody([file('first.txt')], { close: false }).length + `--${BOUNDARY}\r\n`.length;
    const created = nextEvent(t.runtime, 'document.created');
    // All but the last byte first, so that the first file is stored before the body is found cut off.
    const post = startPost(`${api()}/documents`, MULTIPART, whole.subarray(0, cut - 1), cut);
    expect((await created).document.filename).toBe('first.txt');
    const res = await post.finish(whole.subarray(cut - 1, cut));
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('UPLOAD_MALFORMED');
    await expectNothingStored();
  });

  it('refuses a body cut off inside a file with 400 UPLOAD_MALFORMED', async () => {
    const whole = multipartBody([file('first.txt'), file('second.txt', 'x'.repeat(10_000))]);
    const res = await rawPost(`${api()}/documents`, MULTIPART, whole.subarray(0, whole.length - 5000));
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('UPLOAD_MALFORMED');
    await expectNothingStored();
  });

  it('refuses multipart without a boundary with 400 UPLOAD_MALFORMED', async () => {
    const res = await rawPost(`${api()}/documents`, 'multipart/form-data', multipartBody([file('a.txt')]));
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('UPLOAD_MALFORMED');
    await expectNothingStored();
  });

  it('refuses a body that is not multipart at all with 400 UPLOAD_MALFORMED', async () => {
    const res = await rawPost(`${api()}/documents`, MULTIPART, Buffer.from('just some garbage, no parts'));
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('UPLOAD_MALFORMED');
  });

  it('rolls back the files before a field that comes after them', async () => {
    const res = await rawPost(
      `${api()}/documents`,
      MULTIPART,
      multipartBody([file('early.txt'), { field: 'tags', value: 'late' }]),
    );
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('UPLOAD_FIELD_AFTER_FILE');
    await expectNothingStored();
  });

  it('refuses too many tags for the whole request, storing nothing', async () => {
    const tags = Array.from({ length: 101 }, (_, i) => `tag-${i}`).join(',');
    const res = await rawPost(
      `${api()}/documents`,
      MULTIPART,
      multipartBody([{ field: 'tags', value: tags }, file('one.txt'), file('two.txt')]),
    );
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'TAGS_TOO_MANY', limit: 100, count: 101 });
    await expectNothingStored();
  });

  it('keeps an existing document that a failing request matched as a duplicate', async () => {
    const existing = await uploadFiles(api(), [{ name: 'kept.txt', data: 'already here' }]);
    const keptId = existing.body.items[0]!.document_id!;
    const res = await rawPost(
      `${api()}/documents`,
      MULTIPART,
      multipartBody([
        file('kept-again.txt', 'already here'),
        file('new-1.txt'),
        file('new-2.txt'),
        file('new-3.txt'),
      ]),
    );
    expect(res.status).toBe(413);
    await delay(200);
    const after = await stored();
    expect(after.documents).toEqual(['kept.txt']);
    expect(after.blobs).toHaveLength(1);
    expect(after.liveTasks).toBe(1);
    expect((await t.runtime.documents.get(t.runtime.identity.operator(), keptId)).status).toBe('queued');
  });

  it('leaves nothing behind when the client goes away in the middle of an upload', async () => {
    const whole = multipartBody([file('first.txt'), file('second.txt', 'y'.repeat(50_000))]);
    // The first part, then the second one up to the middle of its bytes: the first file is complete.
    const head = whole.subarray(0, whole.length - 25_000);
    const created = nextEvent(t.runtime, 'document.created');
    const post = startPost(`${api()}/documents`, MULTIPART, head, whole.length);
    // The first document exists before the client drops the connection.
    const first = (await created).document;
    expect(first.filename).toBe('first.txt');
    const deleted = nextEvent(t.runtime, 'document.deleted', (e) => e.documentId === first.id);
    await post.abandon();
    await deleted;
    await expectNothingStored();
  });

  it('still answers 202 with every stored document and every refused part', async () => {
    const res = await rawPost(
      `${api()}/documents`,
      MULTIPART,
      multipartBody([file('good.txt'), file('empty.txt', '')]),
    );
    expect(res.status).toBe(202);
    const items = res.body.items as { filename: string; document_id?: string; task_id?: string }[];
    expect(items).toEqual([
      expect.objectContaining({
        filename: 'good.txt',
        document_id: expect.any(String),
        task_id: expect.any(String),
      }),
      expect.objectContaining({
        filename: 'empty.txt',
        error: expect.objectContaining({ code: 'EMPTY_FILE' }),
      }),
    ]);
    expect((await stored()).documents).toEqual(['good.txt']);
  });
});
