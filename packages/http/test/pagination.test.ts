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
