import { mkdir, open, readdir, symlink, copyFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { AppError, isAppError } from '@sift/core';
import type { ExtractedText, ExtractionInput } from '@sift/core';
import type { FormatExtractor } from '../format-extractor.js';
import { typeForExtension } from '../supported-types.js';
import { libraryVersion, runTool, type ToolSandbox } from '@sift/tools';
import { DocxExtractor } from './docx.extractor.js';
import { WarmLibreOffice } from './libreoffice-converter.js';
import { writeOfflineProfile } from './libreoffice-profile.js';
import { PptxExtractor } from './pptx.extractor.js';
import { SpreadsheetExtractor } from './spreadsheet.extractor.js';

/** Options of {@link LegacyOfficeExtractor}. */
export interface LegacyOfficeExtractorOptions {
  /** The LibreOffice binary (default `soffice` on PATH). */
  sofficePath?: string;
  /** Kill a conversion that runs longer (default 120 s). */
  timeoutMs?: number;
  /** How LibreOffice is kept off the network (default: detected once); tests force the fallback with `none`. */
  sandbox?: ToolSandbox;
  /**
   * Keep one LibreOffice running between conversions (default true): a conversion then takes a fraction of a
   * second instead of the seconds a cold start costs. False starts a fresh office per file.
   */
  warm?: boolean;
  /** The warm office is restarted past this resident size (default 1 GiB). */
  maxRssBytes?: number;
}

interface Route {
  target: string;
  reader: FormatExtractor;
  library: string;
  /** Debian package that brings the LibreOffice component for this format. */
  debian: string;
}

/** Every legacy Office format is an OLE2 compound file; LibreOffice would import anything else as plain text. */
const OLE2_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

/**
 * Legacy binary Office files (.doc, and .xls/.ppt) converted by headless LibreOffice into their OOXML
 * successor inside the workDir, then read by the matching extractor. Conversions go through one warm
 * LibreOffice ({@link WarmLibreOffice}), one at a time, since starting the office costs seconds per file;
 * `close()` stops it. Without LibreOffice the extraction fails with `TOOL_MISSING` (permanent) naming the
 * Debian package.
 *
 * A document can make LibreOffice fetch URLs (a linked INCLUDEPICTURE picture is requested on import), so
 * conversions run twice walled off: in a network namespace without interfaces where one can be made, and
 * with a profile that has no network content providers, which holds even without the namespace. They also
 * run at a lower CPU priority (runTool's defaults) so that searches stay responsive during a big import.
 */
export class LegacyOfficeExtractor implements FormatExtractor {
  readonly extensions = ['doc', 'xls', 'ppt'] as const;
  private readonly soffice: string;
  private readonly timeoutMs: number;
  private readonly sandbox: ToolSandbox | undefined;
  private readonly routes: Record<string, Route>;
  private version: Promise<string> | undefined;
  private readonly warm: WarmLibreOffice | null;

  constructor(options: LegacyOfficeExtractorOptions = {}) {
    this.soffice = options.sofficePath ?? 'soffice';
    this.timeoutMs = options.timeoutMs ?? 120_000;
    this.sandbox = options.sandbox;
    this.warm =
      options.warm === false
        ? null
        : new WarmLibreOffice({
            soffice: this.soffice,
            ...(options.maxRssBytes !== undefined ? { maxRssBytes: options.maxRssBytes } : {}),
            ...(this.sandbox ? { sandbox: this.sandbox } : {}),
          });
    this.routes = {
      doc: {
        target: 'docx',
        reader: new DocxExtractor(),
        library: 'fast-xml-parser',
        debian: 'libreoffice-writer-nogui',
      },
      xls: {
        target: 'xlsx',
        reader: new SpreadsheetExtractor(),
        library: 'fast-xml-parser',
        debian: 'libreoffice-calc-nogui',
      },
      ppt: {
        target: 'pptx',
        reader: new PptxExtractor(),
        library: 'fast-xml-parser',
        debian: 'libreoffice-impress-nogui',
      },
    };
  }

  async extract(input: ExtractionInput): Promise<ExtractedText> {
    input.signal.throwIfAborted();
    const ext = input.type.extension;
    const route = this.routes[ext];
    if (!route)
      throw new AppError('UNSUPPORTED_TYPE', 'user', `Not a legacy Office format: .${ext}`, {
        retryable: false,
      });
    await assertOle2(input.path, ext);
    const converted = await this.convert(input, ext, route);
    input.onProgress?.(0.5);
    const result = await route.reader.extract({
      ...input,
      path: converted,
      type: typeForExtension(route.target) ?? input.type,
      onProgress: input.onProgress ? (f) => input.onProgress?.(0.5 + f / 2) : undefined,
    });
    const lo = await this.libreOfficeVersion();
    return {
      ...result,
      extractor: { name: `libreoffice+${route.library}`, version: `${lo}+${libraryVersion(route.library)}` },
    };
  }

  /** Stops the warm LibreOffice (the thread or process is ending). */
  async close(): Promise<void> {
    await this.warm?.close();
  }

  /** Converts into a private directory of the workDir and returns the converted file. */
  private async convert(input: ExtractionInput, ext: string, route: Route): Promise<string> {
    const base = join(input.workDir, 'libreoffice');
    const outDir = join(base, 'out');
    await mkdir(outDir, { recursive: true });
    // LibreOffice names the output after the input and picks the import filter partly by extension.
    const source = join(base, `source.${ext}`);
    // soffice runs in another directory, so a relative link target would dangle.
    await symlink(resolve(input.path), source).catch(() => copyFile(input.path, source));
    const toolHint = `Debian package ${route.debian}`;
    let log: string;
    try {
      log = this.warm
        ? await this.warm.convert(source, route.target, outDir, {
            timeoutMs: this.timeoutMs,
            signal: input.signal,
            toolHint,
          })
        : await this.convertCold(input, base, source, outDir, route.target, toolHint);
    } catch (err) {
      if (isAppError(err) && err.code === 'TOOL_MISSING') throw toolMissing(ext, route);
      throw err;
    }
    const produced = (await readdir(outDir)).find((f) => f.endsWith(`.${route.target}`));
    if (produced) return join(outDir, produced);
    if (/no export filter/iu.test(log)) throw toolMissing(ext, route);
    throw new AppError('DOCUMENT_CORRUPT', 'user', `LibreOffice could not convert the .${ext} file`, {
      details: { output: log.trim().slice(-2048) },
      retryable: false,
    });
  }

  /**
   * A fresh office for one file, with its own profile and HOME so that concurrent conversions do not fight
   * over the profile lock; returns what it printed.
   */
  private async convertCold(
    input: ExtractionInput,
    base: string,
    source: string,
    outDir: string,
    target: string,
    toolHint: string,
  ): Promise<string> {
    const home = join(base, 'home');
    const profile = join(base, 'profile');
    await mkdir(home, { recursive: true });
    await writeOfflineProfile(profile);
    const output = await runTool(
      this.soffice,
      [
        `-env:UserInstallation=${pathToFileURL(profile).href}`,
        '--headless',
        '--norestore',
        '--nolockcheck',
        '--convert-to',
        target,
        '--outdir',
        outDir,
        source,
      ],
      {
        timeoutMs: this.timeoutMs,
        signal: input.signal,
        cwd: base,
        // The environment is passed through unchanged except HOME, which LibreOffice needs writable.
        env: { ...process.env, HOME: home },
        toolHint,
        ...(this.sandbox ? { sandbox: this.sandbox } : {}),
      },
    );
    return `${output.stdout}\n${output.stderr}`;
  }

  /** Asked once per extractor; not tied to one extraction's signal since the answer is shared. */
  private libreOfficeVersion(): Promise<string> {
    this.version ??= runTool(this.soffice, ['--version'], {
      timeoutMs: 30_000,
      toolHint: 'LibreOffice',
    }).then(
      ({ stdout }) => /LibreOffice\s+([\d.]+)/u.exec(stdout)?.[1] ?? 'unknown',
      () => 'unknown',
    );
    return this.version;
  }
}

function toolMissing(ext: string, route: Route): AppError {
  return new AppError(
    'TOOL_MISSING',
    'system',
    `Legacy .${ext} needs LibreOffice (Debian package ${route.debian}); install it or convert the file to .${route.target}`,
    { retryable: false, details: { tool: 'soffice', package: route.debian } },
  );
}

async function assertOle2(path: string, ext: string): Promise<void> {
  const file = await open(path, 'r');
  try {
    const head = Buffer.alloc(OLE2_MAGIC.length);
    const { bytesRead } = await file.read(head, 0, head.length, 0);
    if (bytesRead === head.length && head.equals(OLE2_MAGIC)) return;
  } finally {
    await file.close();
  }
  throw new AppError('DOCUMENT_CORRUPT', 'user', `The file is not a legacy Office (.${ext}) document`, {
    retryable: false,
  });
}
