import type { Sandbox } from '@idvkit/sandbox';
import { createVerifaClient, type ResultListItem } from '@idvkit/verifa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxConfig } from '../src/demo/sandbox-config.js';
import { ResultsWindow } from '../src/providers/verifa/results-window.js';
import { testSandbox } from './support/harness.js';

describe('Verifa: the results of a list window, read page by page with bounded memory', () => {
  let sandbox: Sandbox;
  let apiKey: string;
  /** Every listed result, in the listing's order (the sandbox lists newest first). */
  let listed: ResultListItem[];

  beforeAll(async () => {
    sandbox = await testSandbox({ sessions: { idnow: 0, yoti: 0, complycube: 0, verifa: 400 } });
    apiKey = sandboxConfig(sandbox).json.providers.verifa.apiKey;
    listed = [];
    const client = createVerifaClient({ baseUrl: sandbox.baseUrls.verifa, apiKey });
    for await (const { items } of client.listResults({}).pages()) listed.push(...items);
  }, 60_000);
  afterAll(() => sandbox?.stop());

  /** A window over every result, with a fetch that counts the `GET /results` pages it reads. */
  function openWindow(maxHeld: number) {
    let pages = 0;
    const counting: typeof fetch = (input, init) => {
      if (String(input instanceof Request ? input.url : input).includes('/results')) pages++;
      return fetch(input, init);
    };
    const client = createVerifaClient({ baseUrl: sandbox.baseUrls.verifa, apiKey, fetch: counting });
    const window = new ResultsWindow(client, { maxHeld });
    window.open(null, new AbortController().signal);
    return { window, pages: () => pages };
  }

  it('fetches in the listing’s order each get their listed result; the whole listing is read once', async () => {
    expect(listed.length).toBeGreaterThan(250);
    const { window, pages } = openWindow(150);
    for (const r of listed) expect(await window.lookup(r.session_id, r.created_at)).toEqual(r);
    expect(pages()).toBe(Math.ceil(listed.length / 100));
  });

  it('holds at most maxHeld results plus a page: a result not listed while paused is read per session', async () => {
    const { window, pages } = openWindow(150);
    // The oldest result is on the last page: the listing pauses after 2 pages (200 held ≥ 150), so it is not
    // waited for.
    const oldest = listed.at(-1)!;
    expect(await window.lookup(oldest.session_id, oldest.created_at)).toBeUndefined();
    expect(pages()).toBe(2);
    // Using held results makes room: the listing goes on, and a result of its third page is found.
    for (const r of listed.slice(0, 60)) expect(await window.lookup(r.session_id, r.created_at)).toEqual(r);
    const third = listed[250]!;
    expect(await window.lookup(third.session_id, third.created_at)).toEqual(third);
    expect(pages()).toBe(3);
  });

  it('a result listed before the session last changed is not used', async () => {
    const { window } = openWindow(150);
    const r = listed[0]!;
    const later = new Date(Date.parse(r.created_at!) + 1000).toISOString();
    expect(await window.lookup(r.session_id, later)).toBeUndefined();
  });
});
