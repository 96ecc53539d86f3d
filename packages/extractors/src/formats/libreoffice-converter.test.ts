import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, removeTempDir } from '../testing/extraction-input.js';
import { WarmLibreOffice } from './libreoffice-converter.js';

const FIXTURES = fileURLToPath(new URL('../../test-fixtures/', import.meta.url));
const HINT = { timeoutMs: 120_000, toolHint: 'LibreOffice' };
let dir: string;

beforeAll(async () => {
  dir = await makeTempDir('sift-warm-libreoffice-');
});
afterAll(() => removeTempDir(dir));

/** Whether a process of the group still runs; killed ones may linger as zombies until reaped, so not those. */
function groupAlive(group: number): boolean {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/u.test(entry))
    .some((pid) => {
      let stat: string;
      try {
        stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      } catch {
        return false;
      }
      const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return Number(pgrp) === group && state !== 'Z';
    });
}

async function convertInto(office: WarmLibreOffice, name: string): Promise<string[]> {
  const outDir = join(dir, name);
  await office.convert(join(FIXTURES, 'sample.doc'), 'docx', outDir, HINT);
  return readdir(outDir);
}

describe('WarmLibreOffice', () => {
  it('converts file after file through one running office', async () => {
    const office = new WarmLibreOffice({ soffice: 'soffice' });
    try {
      expect(await convertInto(office, 'first')).toEqual(['sample.docx']);
      const group = await office.processGroup();
      expect(group).not.toBeNull();
      expect(await convertInto(office, 'second')).toEqual(['sample.docx']);
      expect(await office.processGroup()).toBe(group);
    } finally {
      await office.close();
    }
  }, 180_000);

  it('starts a new office when the running one has died, and leaves none behind on close', async () => {
    const office = new WarmLibreOffice({ soffice: 'soffice' });
    await convertInto(office, 'before-kill');
    const first = (await office.processGroup())!;
    process.kill(-first, 'SIGKILL');
    await expect.poll(() => groupAlive(first)).toBe(false);
    expect(await convertInto(office, 'after-kill')).toEqual(['sample.docx']);
    const second = (await office.processGroup())!;
    expect(second).not.toBe(first);
    await office.close();
    await expect.poll(() => groupAlive(second)).toBe(false);
    await expect(convertInto(office, 'after-close')).rejects.toThrow(/closed/u);
  }, 180_000);

  it('restarts the office once it has grown past its memory limit', async () => {
    const office = new WarmLibreOffice({ soffice: 'soffice', maxRssBytes: 1 });
    try {
      await convertInto(office, 'over-limit');
      // Measured after the conversion: over the limit, so the office was stopped straight away.
      expect(await office.processGroup()).toBeNull();
      expect(await convertInto(office, 'next')).toEqual(['sample.docx']);
    } finally {
      await office.close();
    }
  }, 180_000);

  it('ends the office with the process that started it, even when that process is killed', async () => {
    const module = fileURLToPath(new URL('libreoffice-converter.ts', import.meta.url));
    const script = join(dir, 'orphan.mts');
    writeFileSync(
      script,
      `import { WarmLibreOffice } from ${JSON.stringify(module)};
      const office = new WarmLibreOffice({ soffice: 'soffice' });
      const out = ${JSON.stringify(join(dir, 'orphan'))};
      await office.convert(${JSON.stringify(join(FIXTURES, 'sample.doc'))}, 'docx', out, ${JSON.stringify(HINT)});
      console.log(await office.processGroup());
      process.kill(process.pid, 'SIGKILL');`,
    );
    const run = spawnSync('npx', ['tsx', script], { encoding: 'utf8', timeout: 150_000 });
    const group = Number(run.stdout.trim().split('\n').pop());
    expect(group).toBeGreaterThan(0);
    await expect.poll(() => groupAlive(group), { timeout: 10_000 }).toBe(false);
    expect(existsSync(join(dir, 'orphan', 'sample.docx'))).toBe(true);
  }, 180_000);

  it('fails with TOOL_MISSING when LibreOffice is not installed', async () => {
    const office = new WarmLibreOffice({ soffice: '/nonexistent/soffice' });
    await expect(convertInto(office, 'missing')).rejects.toMatchObject({ code: 'TOOL_MISSING' });
    await office.close();
  });
});
