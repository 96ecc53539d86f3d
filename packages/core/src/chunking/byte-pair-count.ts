/** Byte-pair ranks keyed the way js-tiktoken keys them: the bytes joined by commas, e.g. `"228,184,173"`. */
export type RankMap = ReadonlyMap<string, number>;

/**
 * Number of tokens byte-pair encoding makes of one pre-tokenizer piece, with the merges of js-tiktoken's
 * `bytePairMerge` (repeatedly merge the adjacent pair of lowest rank, leftmost on ties) and so the same
 * count. js-tiktoken re-ranks every pair after every merge, joining byte arrays into keys each time, which
 * makes a 128-character CJK piece cost ~0.4 ms; here candidate pairs sit in a heap, a merge ranks only the
 * two pairs it creates, and pairs are looked up by the ranks of their two tokens (memoised).
 */
export function bytePairCount(bytes: Uint8Array, ranks: RankMap): number {
  const n = bytes.length;
  if (n <= 1) return n;
  const table = tablesFor(ranks);
  const { byteRanks, longestToken } = table;
  if (n <= longestToken && ranks.has(bytes.join(','))) return 1;
  // Parts are a linked list by start offset, each holding the rank of its token.
  const token = new Int32Array(n);
  const next = new Int32Array(n);
  const prev = new Int32Array(n);
  const dead = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    token[i] = byteRanks[bytes[i] as number] as number;
    next[i] = i + 1;
    prev[i] = i - 1;
  }
  const rankOf = (left: number): number =>
    mergedRank(table, ranks, bytes, token[left] as number, token[next[left] as number] as number, left, next);
  // A heap entry is rank * span + left: ordered by rank, then leftmost, as js-tiktoken chooses. An entry is
  // stale once either part has changed, which shows as a different rank (a longer byte string is a
  // different token), so no version bookkeeping is needed.
  const span = 2 ** Math.ceil(Math.log2(n + 1));
  const heap: number[] = [];
  for (let i = 0; i + 1 < n; i++) {
    const rank = rankOf(i);
    if (rank >= 0) push(heap, rank * span + i);
  }
  let parts = n;
  for (let entry = pop(heap); entry !== undefined; entry = pop(heap)) {
    const left = entry % span;
    const rank = (entry - left) / span;
    const right = next[left] as number;
    if (dead[left] === 1 || right >= n || rankOf(left) !== rank) continue;
    token[left] = rank;
    dead[right] = 1;
    const after = next[right] as number;
    next[left] = after;
    if (after < n) prev[after] = left;
    parts--;
    const previous = prev[left] as number;
    if (previous >= 0) {
      const r = rankOf(previous);
      if (r >= 0) push(heap, r * span + previous);
    }
    if (after < n) {
      const r = rankOf(left);
      if (r >= 0) push(heap, r * span + left);
    }
  }
  return parts;
}

// Rank of the token two adjacent tokens merge into (-1: none), memoised by left rank, then right rank —
// small-integer keys, where a lookup in the rank map needs the bytes joined into a string. Bounded so a
// long-running worker's memory stays bounded.
const MAX_MERGES = 500_000;

interface Tables {
  merges: Map<number, Map<number, number>>;
  mergeCount: number;
  /** Rank of each single byte. */
  byteRanks: Int32Array;
  /** Length in bytes of the longest token: a longer piece cannot be one token. */
  longestToken: number;
}

const tables = new WeakMap<RankMap, Tables>();

function tablesFor(ranks: RankMap): Tables {
  let found = tables.get(ranks);
  if (found === undefined) {
    let longestToken = 1;
    for (const key of ranks.keys()) {
      let bytes = 1;
      for (let i = 0; i < key.length; i++) if (key.charCodeAt(i) === 44) bytes++;
      if (bytes > longestToken) longestToken = bytes;
    }
    const byteRanks = Int32Array.from({ length: 256 }, (_, b) => ranks.get(String(b)) ?? -1);
    found = { merges: new Map(), mergeCount: 0, byteRanks, longestToken };
    tables.set(ranks, found);
  }
  return found;
}

function mergedRank(
  tables: Tables,
  ranks: RankMap,
  bytes: Uint8Array,
  leftToken: number,
  rightToken: number,
  left: number,
  next: Int32Array,
): number {
  let byRight = tables.merges.get(leftToken);
  if (byRight === undefined) tables.merges.set(leftToken, (byRight = new Map()));
  let rank = byRight.get(rightToken);
  if (rank === undefined) {
    const end = next[next[left] as number] ?? bytes.length;
    rank = ranks.get(bytes.subarray(left, end).join(',')) ?? -1;
    if (tables.mergeCount >= MAX_MERGES) {
      tables.merges.clear();
      tables.mergeCount = 0;
    }
    byRight.set(rightToken, rank);
    tables.mergeCount++;
  }
  return rank;
}

function push(heap: number[], entry: number): void {
  let i = heap.length;
  heap.push(entry);
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if ((heap[parent] as number) <= entry) break;
    heap[i] = heap[parent] as number;
    i = parent;
  }
  heap[i] = entry;
}

function pop(heap: number[]): number | undefined {
  const top = heap[0];
  const last = heap.pop();
  if (top === undefined || last === undefined || heap.length === 0) return top;
  let i = 0;
  for (;;) {
    const l = 2 * i + 1;
    if (l >= heap.length) break;
    const r = l + 1;
    const child = r < heap.length && (heap[r] as number) < (heap[l] as number) ? r : l;
    if ((heap[child] as number) >= last) break;
    heap[i] = heap[child] as number;
    i = child;
  }
  heap[i] = last;
  return top;
}
