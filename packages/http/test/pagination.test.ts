import { describe, expect, it } from 'vitest';
import { normalizeBaseUrl, PaginationError, Paginator, RateLimiter } from '../src/index.js';

const pages: Record<number, string[]> = { 1: ['a', 'b'], 2: ['c', 'd'], 3: ['e'], 4: [] };

describe('Paginator', () => {
  it('walks pages lazily until the last page', async () => {
    const fetched: number[] = [];
    const p = new Paginator({
      initial: 1,
      fetchPage: async (n: number) => {
        fetched.push(n);
        return { items: pages[n] ?? [], last: n >= 3 };
      },
      items: (page) => page.items,
      next: (page, n) => (page.last ? undefined : n + 1),
    });
    expect(fetched).toEqual([]);
    expect(await p.toArray()).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(fetched).toEqual([1, 2, 3]);
  });

  it('stops on an empty page even when the server claims more', async () => {
    const p = new Paginator({
      initial: 1,
      fetchPage: async (n: number) => ({ items: pages[n] ?? [] }),
      items: (page) => page.items,
      next: (_page, n) => n + 1,
    });
    expect(await p.toArray()).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('throws PaginationError on a page that repeats the previous one', async () => {
    const p = new Paginator({
      initial: 0,
      fetchPage: async () => ({ items: [{ id: 'same' }] }),
      items: (page) => page.items,
      next: (_page, n) => n + 1,
      itemKey: (i) => i.id,
    });
    await expect(p.toArray()).rejects.toBeInstanceOf(PaginationError);
  });

  it('throws PaginationError at maxPages and when the cursor does not move', async () => {
    const endless = new Paginator({
      initial: 0,
      fetchPage: async (n: number) => ({ items: [n] }),
      items: (page) => page.items,
      next: (_page, n) => n + 1,
      maxPages: 5,
    });
    await expect(endless.toArray()).rejects.toThrow(/after 5 pages/);
    const stuck = new Paginator({
      initial: 0,
      fetchPage: async () => ({ items: [Math.random()] }),
      items: (page) => page.items,
      next: (_page, n) => n,
    });
    await expect(stuck.toArray()).rejects.toThrow(/next cursor equals the current one/);
  });
});

type Script = { pages: readonly string[][]; total?: number; seenPages?: number; maxPages?: number };

/** A list that serves `pages` in a loop (page n → pages[n % length]) and always claims there is more. */
function looping({ pages, total, seenPages, maxPages }: Script) {
  let requests = 0;
  const paginator = new Paginator({
    initial: 0,
    fetchPage: async (n: number) => {
      requests += 1;
      return { items: (pages[n % pages.length] ?? []).map((id) => ({ id })), total };
    },
    items: (page) => page.items,
    next: (_page, n) => n + 1,
    itemKey: (item) => item.id,
    total: (page) => page.total,
    ...(seenPages ? { seenPages } : {}),
    ...(maxPages ? { maxPages } : {}),
  });
  return { paginator, requests: () => requests };
}

const A = ['a1', 'a2'];
const B = ['b1', 'b2'];
const C = ['c1', 'c2'];
const distinct = Array.from({ length: 50 }, (_, i) => [`x${2 * i}`, `x${2 * i + 1}`]);

describe('Paginator cycle and total guards', () => {
  it.each([
    ['A,B,A,B alternation', { pages: [A, B] }, 3, /page 3 .*repeats the 2 items of page 1/],
    ['A,B,C,A', { pages: [A, B, C] }, 4, /page 4 .*repeats the 2 items of page 1/],
    ['the same page again and again', { pages: [A] }, 2, /page 2 .*repeats the 2 items of page 1/],
    [
      'more items than the total plus one page',
      { pages: distinct, total: 5 },
      4,
      /the list yielded 8 items, more than its own total \(at most 5\) plus one page \(2\)/,
    ],
    [
      'a cycle longer than the remembered pages (left to maxPages)',
      { pages: [A, B, C], seenPages: 2, maxPages: 10 },
      10,
      /after 10 pages/,
    ],
  ] as const)('%s stops with PaginationError', async (_name, script, requests, message) => {
    const { paginator, requests: made } = looping(script);
    const err = await paginator.toArray().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PaginationError);
    expect((err as Error).message).toMatch(message);
    expect(made()).toBe(requests);
  });

  it('a newest-first list that grows while it is read (drift) is read to its end, duplicates and all', async () => {
    // 23 sessions, pages of 5 by offset; a session is created after every page, shifting the rest by one.
    const list = Array.from({ length: 23 }, (_, i) => `s${23 - i}`);
    const original = [...list];
    let created = 0;
    const paginator = new Paginator({
      initial: 0,
      fetchPage: async (offset: number) => {
        const page = { items: list.slice(offset, offset + 5).map((id) => ({ id })), total: list.length };
        list.unshift(`new${++created}`);
        return page;
      },
      items: (page) => page.items,
      next: (page, offset) =>
        offset + page.items.length < page.total ? offset + page.items.length : undefined,
      itemKey: (item) => item.id,
      total: (page) => page.total,
    });
    const ids = (await paginator.toArray()).map((i) => i.id);
    for (const id of original) expect(ids).toContain(id);
    expect(ids.length).toBeGreaterThan(new Set(ids).size); // the drift did yield duplicates
  });

  it('pages that only share some items with earlier pages are not a cycle', async () => {
    const pages = [
      ['a', 'b'],
      ['b', 'c'],
      ['c', 'd'],
      ['a', 'd'],
      ['d', 'a'],
    ];
    const p = new Paginator({
      initial: 0,
      fetchPage: async (n: number) => ({ items: pages[n] ?? [] }),
      items: (page) => page.items,
      next: (_page, n) => n + 1,
      itemKey: (i) => i,
      total: () => 10,
    });
    expect(await p.toArray()).toEqual(pages.flat());
  });
});

describe('normalizeBaseUrl', () => {
  it.each([
    ['https://api.example.com/', 'https://api.example.com'],
    ['https://api.example.com/v1//', 'https://api.example.com/v1'],
    ['http://127.0.0.1:8080/yoti/idverify/v1', 'http://127.0.0.1:8080/yoti/idverify/v1'],
  ])('%s → %s', (given, want) => expect(normalizeBaseUrl(given)).toBe(want));

  it.each([['not a url'], ['ftp://x.example'], ['https://x.example/?key=1']])(
    'rejects %s clearly',
    (given) => {
      expect(() => normalizeBaseUrl(given)).toThrow(/^baseUrl: expected/);
    },
  );
});

describe('RateLimiter', () => {
  it('spaces acquisitions at the configured rate after the burst', async () => {
    const limiter = new RateLimiter({ requestsPerSecond: 50, burst: 2 });
    const t0 = performance.now();
    for (let i = 0; i < 6; i++) await limiter.acquire();
    // 2 immediately, then 4 more at 20 ms each: at least ~80 ms
    expect(performance.now() - t0).toBeGreaterThanOrEqual(75);
  });
});
