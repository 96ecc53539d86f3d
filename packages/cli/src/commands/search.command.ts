import type { Command } from 'commander';
import { resolveSearchScope, type SearchHit, type SearchMode } from '@sift/core';
import { createLogger, createRuntime } from '@sift/runtime';
import type { CliContext } from '../main.js';
import { createOutput } from '../output.js';

interface SearchOptions {
  mode: SearchMode;
  collection?: string[];
  tag?: string[];
  type?: string[];
  limit: string;
  rerank?: string;
  alpha?: string;
  fusion?: 'rrf' | 'relative';
  group?: boolean;
  json?: boolean;
}

/** `sift search "query"`: hybrid search from the terminal, each hit cited (file, page, heading, offsets). */
export function registerSearchCommand(program: Command, ctx: CliContext): void {
  const collect = (value: string, previous: string[] = []) => [...previous, value];
  program
    .command('search')
    .description('search the indexed documents')
    .argument('<query...>', 'what to look for')
    .option('-m, --mode <mode>', 'lexical, semantic or hybrid', 'hybrid')
    .option('-c, --collection <name>', 'only this collection (repeatable)', collect)
    .option('-t, --tag <tag>', 'only documents with this tag (repeatable)', collect)
    .option('--type <type>', 'only this content type or category (repeatable)', collect)
    .option('-n, --limit <n>', 'number of hits', '10')
    .option('--rerank <name>', 'mmr, cross-encoder or llm (as configured)')
    .option('--fusion <f>', 'hybrid fusion: rrf or relative')
    .option('--alpha <a>', 'vector weight of relative fusion, 0 lexical … 1 vector')
    .option('--group', 'one hit per document')
    .option('--json', 'print JSON')
    .action(async (words: string[], opts: SearchOptions) => {
      const out = createOutput(Boolean(opts.json));
      if (!['lexical', 'semantic', 'hybrid'].includes(opts.mode)) {
        throw program.error(`sift: --mode must be lexical, semantic or hybrid (got "${opts.mode}")`, {
          exitCode: 2,
        });
      }
      const config = ctx.config();
      const logger = createLogger({ ...config, log: { ...config.log, level: 'warn' } }, process.stderr);
      const runtime = await createRuntime(config, { logger });
      try {
        const filter = await resolveSearchScope(runtime.metadata, runtime.identity.operator(), {
          ...(opts.collection ? { collections: opts.collection } : {}),
          ...(opts.tag ? { tags: opts.tag } : {}),
          ...(opts.type ? { types: opts.type } : {}),
        });
        const response = await runtime.search.service.search({
          query: words.join(' '),
          mode: opts.mode,
          filter,
          limit: Math.max(1, Number.parseInt(opts.limit, 10) || 10),
          userId: runtime.identity.operator().userId,
          ...(opts.rerank ? { rerank: opts.rerank } : {}),
          ...(opts.alpha !== undefined ? { alpha: Number(opts.alpha) } : {}),
          ...(opts.fusion ? { fusion: opts.fusion } : {}),
          ...(opts.group ? { groupByDocument: true } : {}),
        });
        out.result(response, () => {
          const lines = response.warnings.map((w) => `warning: ${w}`);
          if (response.hits.length === 0) lines.push('No results.');
          response.hits.forEach((hit, i) => lines.push(renderHit(hit, i + 1, process.stdout.isTTY)));
          lines.push(`${response.hits.length} hit(s), ${response.mode}, ${response.tookMs} ms`);
          return lines.join('\n');
        });
      } finally {
        await runtime.close();
      }
    });
}

/** One hit as a citation block: where it is, why it ranked, and the snippet with its terms marked. */
export function renderHit(hit: SearchHit, n: number, color = false): string {
  const where = [
    hit.title && hit.title !== hit.filename ? `${hit.title} (${hit.filename})` : hit.filename,
    hit.pageFrom !== null
      ? `p. ${hit.pageFrom}${hit.pageTo !== null && hit.pageTo !== hit.pageFrom ? `–${hit.pageTo}` : ''}`
      : null,
    hit.headingPath.length > 0 ? hit.headingPath.join(' › ') : null,
    `chars ${hit.startChar}–${hit.endChar}`,
  ].filter(Boolean);
  const s = hit.scores;
  const scores = [
    `fused ${s.fused.toFixed(4)}`,
    s.lexical !== null ? `bm25 ${s.lexical.toFixed(2)}` : null,
    s.vector !== null ? `cos ${s.vector.toFixed(3)}` : null,
    s.rerank !== null ? `rerank ${s.rerank.toFixed(3)}` : null,
  ].filter(Boolean);
  const snippet = hit.snippet
    .replace(/\s+/g, ' ')
    .replaceAll('<mark>', color ? '\u001b[1;33m' : '**')
    .replaceAll('</mark>', color ? '\u001b[0m' : '**');
  return `[${n}] ${where.join(' · ')}\n    ${snippet}\n    ${scores.join(', ')} · chunk ${hit.chunkId}\n`;
}
