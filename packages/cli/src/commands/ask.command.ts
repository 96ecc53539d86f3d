import type { Command } from 'commander';
import { resolveSearchScope, type Citation } from '@sift/core';
import { createLogger, createRuntime } from '@sift/runtime';
import type { CliContext } from '../main.js';
import { createOutput } from '../output.js';

interface AskOptions {
  collection?: string[];
  tag?: string[];
  json?: boolean;
}

/**
 * `sift ask "question"`: answers from the indexed documents, streaming the answer to the terminal and listing
 * its citations under it. Offline (extractive) unless SIFT_LLM names a model server.
 */
export function registerAskCommand(program: Command, ctx: CliContext): void {
  const collect = (value: string, previous: string[] = []) => [...previous, value];
  program
    .command('ask')
    .description('ask a question; the answer cites the documents it comes from')
    .argument('<question...>', 'the question')
    .option('-c, --collection <name>', 'only this collection (repeatable)', collect)
    .option('-t, --tag <tag>', 'only documents with this tag (repeatable)', collect)
    .option('--json', 'print the whole answer as JSON')
    .action(async (words: string[], opts: AskOptions) => {
      const out = createOutput(Boolean(opts.json));
      const config = ctx.config();
      const logger = createLogger({ ...config, log: { ...config.log, level: 'warn' } }, process.stderr);
      const runtime = await createRuntime(config, { logger });
      try {
        const filter = await resolveSearchScope(runtime.metadata, runtime.identity.operator(), {
          ...(opts.collection ? { collections: opts.collection } : {}),
          ...(opts.tag ? { tags: opts.tag } : {}),
        });
        let citations: Citation[] = [];
        for await (const event of runtime.chat.answers.answer({
          question: words.join(' '),
          filter,
          userId: runtime.identity.operator().userId,
        })) {
          if (event.type === 'token' && !out.json) process.stdout.write(event.text);
          if (event.type === 'citations') citations = event.citations;
          if (event.type !== 'done') continue;
          out.result({ ...event, citations }, () => {
            const lines = ['', ''];
            for (const c of citations) lines.push(renderCitation(c));
            lines.push(
              `(${event.mode}${event.model ? `, ${event.model}` : ''}, ${event.timings.totalMs} ms)`,
            );
            return lines.join('\n');
          });
        }
      } finally {
        await runtime.close();
      }
    });
}

/** `[n] title (file) · p. 3 · chars 120–480` and the quoted passage, shortened. */
export function renderCitation(c: Citation): string {
  const where = [
    c.title && c.title !== c.filename ? `${c.title} (${c.filename})` : c.filename,
    c.pageFrom !== null
      ? `p. ${c.pageFrom}${c.pageTo !== null && c.pageTo !== c.pageFrom ? `–${c.pageTo}` : ''}`
      : null,
    `chars ${c.startChar}–${c.endChar}`,
  ].filter(Boolean);
  const quote = c.quote.replace(/\s+/g, ' ');
  return `[${c.n}] ${where.join(' · ')}\n    “${quote.length > 200 ? `${quote.slice(0, 200)}…` : quote}”`;
}
