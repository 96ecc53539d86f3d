import { PdfExtractor } from '../packages/extractors/src/formats/pdf.extractor.js';
const mb = (n: number) => Math.round(n / 1048576);
const show = (l: string) => { globalThis.gc!(); const m = process.memoryUsage(); console.log(l, mb(m.rss), mb(m.heapTotal), mb(m.heapUsed), mb(m.external)); };
show('start');
const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
show('pdf.mjs');
await import('pdfjs-dist/legacy/build/pdf.worker.mjs');
show('pdf.worker.mjs');
void pdfjs;
const ex = new PdfExtractor();
const ac = new AbortController();
for (const f of [process.argv[2]!, process.argv[2]!]) {
await ex.extract({ path: f, filename: 'r.pdf', type: { extension: 'pdf', contentType: 'application/pdf', category: 'document' } as never, size: 0, workDir: '/tmp/pdfb', ocrLanguages: ['eng'], archiveLimits: {} as never, depth: 0, signal: ac.signal });
show('extract ' + f);
}
