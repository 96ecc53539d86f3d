import { MmrReranker } from '@sift/core';
import { describeReranker } from './reranker.contract.js';

describeReranker('mmr', async () => ({ reranker: new MmrReranker(), cleanup: async () => {} }));
