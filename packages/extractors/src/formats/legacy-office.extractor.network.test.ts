import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { detectToolSandbox, runTool, type ToolSandbox } from '@sift/tools';
import { expectConsistentOffsets } from '../testing/expect-consistent-offsets.js';
import { extractionInput, makeTempDir, removeTempDir } from '../testing/extraction-input.js';
import { LegacyOfficeExtractor } from './legacy-office.extractor.js';

/**
 * Blind SSRF (issue #9): a Word INCLUDEPICTURE field with the `\d` switch links a picture by URL, and
 * LibreOffice fetches that URL while importing and again while exporting. A canary listener on 127.0.0.1
 * counts every TCP connection, so even a connect that never sends a request is caught.
 */
let dir: string;
let canary: Server;
let canaryUrl: string;
const connections: string[] = [];
let docPath: string;
/** Where the machine cannot make a network namespace, only the profile can be tested. */
const sandbox = await detectToolSandbox();

/** A flat ODT with one picture linked (not embedded) by URL; LibreOffice saves it as INCLUDEPICTURE \d. */
function linkedImageFodt(url: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
  xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
  xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" xmlns:xlink="http://www.w3.org/1999/xlink"
  xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"
  office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
<office:body><office:text>
<text:p>Before the picture</text:p>
<text:p><draw:frame draw:name="p1" text:anchor-type="as-char" svg:width="2cm" svg:height="2cm"><draw:image
  xlink:href="${url}" xlink:type="simple" xlink:show="embed" xlink:actuate="onLoad"/></draw:frame></text:p>
<text:p>After the picture</text:p>
</office:text></office:body></office:document>`;
}

/** LibreOffice with a default profile, as the extractor ran it before the fix; `network` picks the sandbox. */
async function plainSoffice(args: string[], name: string, network: 'none' | 'inherit'): Promise<void> {
  const home = join(dir, `${name}-home`);
  await mkdir(home, { recursive: true });
  await runTool(
    'soffice',
    [`-env:UserInstallation=${pathToFileURL(join(dir, `${name}-profile`)).href}`, '--headless', ...args],
    {
      timeoutMs: 120_000,
      env: { ...process.env, HOME: home },
      toolHint: 'LibreOffice',
      network,
    },
  );
}

beforeAll(async () => {
  dir = await makeTempDir();
  canary = createServer((req, res) => {
    connections.push(`${req.method ?? ''} ${req.url ?? ''}`);
    res.writeHead(404).end();
  });
  canary.on('connection', (socket) => connections.push(`connection from port ${socket.remotePort}`));
  await new Promise<void>((resolve) => canary.listen(0, '127.0.0.1', resolve));
  canaryUrl = `http://127.0.0.1:${(canary.address() as AddressInfo).port}`;

  const fodt = join(dir, 'linked.fodt');
  await writeFile(fodt, linkedImageFodt(`${canaryUrl}/included-picture.png`));
  await plainSoffice(['--norestore', '--convert-to', 'doc', '--outdir', dir, fodt], 'build', 'inherit');
  docPath = join(dir, 'linked.doc');

  // Control: unprotected LibreOffice does follow the link in this .doc, so zero connections below means
  // the protection worked, not that the document lost its link.
  connections.length = 0;
  await plainSoffice(
    ['--norestore', '--convert-to', 'docx', '--outdir', join(dir, 'control'), docPath],
    'control',
    'inherit',
  );
  expect(connections.length).toBeGreaterThan(0);
}, 180_000);

beforeEach(() => {
  connections.length = 0;
});

afterAll(async () => {
  await new Promise<void>((resolve) => canary.close(() => resolve()));
  await removeTempDir(dir);
});

describe('LegacyOfficeExtractor and the network', () => {
  it('converts a .doc whose INCLUDEPICTURE field points at a listener without connecting to it', async () => {
    const out = await new LegacyOfficeExtractor().extract(await extractionInput(docPath, dir));
    expect(expectConsistentOffsets(out)).toEqual(['Before the picture', 'After the picture']);
    expect(connections).toEqual([]);
  }, 60_000);

  it('keeps LibreOffice off the network through its profile alone when no network sandbox is available', async () => {
    const noSandbox: ToolSandbox = { kind: 'none', reason: 'forced by the test' };
    const out = await new LegacyOfficeExtractor({ sandbox: noSandbox }).extract(
      await extractionInput(docPath, dir),
    );
    expect(expectConsistentOffsets(out)).toEqual(['Before the picture', 'After the picture']);
    expect(connections).toEqual([]);
  }, 60_000);

  it.runIf(sandbox.kind === 'netns')(
    'keeps LibreOffice off the network through the namespace alone, even with a default profile',
    async () => {
      const outDir = join(dir, 'namespace-only');
      await plainSoffice(['--norestore', '--convert-to', 'docx', '--outdir', outDir, docPath], 'ns', 'none');
      expect(await readdir(outDir)).toEqual(['linked.docx']);
      expect(connections).toEqual([]);
    },
    60_000,
  );
});
