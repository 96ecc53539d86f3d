import { describe, expect, it } from 'vitest';
import { EldLanguageDetector } from './language-detector.js';

const detector = new EldLanguageDetector();

describe('EldLanguageDetector', () => {
  it.each([
    ['en', 'The committee will publish its annual report on water quality next month.'],
    ['de', 'Der Ausschuss wird seinen Jahresbericht zur Wasserqualität im nächsten Monat veröffentlichen.'],
    ['pl', 'Komisja opublikuje swoje roczne sprawozdanie o jakości wody w przyszłym miesiącu.'],
    ['fr', "Le comité publiera son rapport annuel sur la qualité de l'eau le mois prochain."],
    ['es', 'El comité publicará su informe anual sobre la calidad del agua el próximo mes.'],
  ])('detects %s', async (code, text) => {
    expect(await detector.detect(text)).toBe(code);
  });

  it('says null for text too short or without letters', async () => {
    expect(await detector.detect('ok')).toBeNull();
    expect(await detector.detect('12345 67890 = 0.5 % 42 | 7')).toBeNull();
    expect(await detector.detect('')).toBeNull();
  });

  it('judges a long text by samples across it', async () => {
    const english = 'The river flows quietly through the old town and past the market square. '.repeat(400);
    expect(english.length).toBeGreaterThan(12_000);
    expect(await detector.detect(english)).toBe('en');
  });
});
