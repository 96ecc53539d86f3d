import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describeReranker } from '@sift/contract-tests';
import { CrossEncoderReranker } from './cross-encoder.reranker.js';
import { writeTinyCrossEncoder } from './tiny-cross-encoder-model.fixture.js';

describeReranker('cross-encoder (tiny model built by the test)', async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'sift-cross-encoder-contract-'));
  writeTinyCrossEncoder(path.join(root, 'sift-test', 'tiny-cross-encoder'));
  const reranker = new CrossEncoderReranker({ model: 'sift-test/tiny-cross-encoder', modelsDir: root });
  return {
    reranker,
    cleanup: async () => {
      await reranker.close();
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
});
