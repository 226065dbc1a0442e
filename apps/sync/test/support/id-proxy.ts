import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Where a provider's list endpoint is and how its page holds items and ids (sandbox paths). */
export const LIST_SHAPES = {
  idnow: { path: /^\/idnow\/api\/v1\/flows\/[^/]+\/[^/]+\/sessions$/, items: 'content', id: 'sessionId' },
  complycube: { path: /^\/complycube\/v1\/workflowSessions$/, items: 'items', id: 'id' },
  verifa: { path: /^\/verifa\/api\/v1\/sessions$/, items: 'data', id: 'id' },
} as const;
export type ListProvider = keyof typeof LIST_SHAPES;

/**
 * A real HTTP server on loopback in front of the sandbox: forwards every request unchanged, records its path,
 * and adds items with the given ids to the first non-empty list page of each provider (copies of that page's
 * first item with only the id replaced).
 */
export async function startIdProxy(target: string, badIds: readonly string[]) {
  const paths: string[] = [];
  const injected = new Set<ListProvider>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      try {
        const url = new URL(req.url ?? '/', target);
        paths.push(url.pathname);
        const headers = Object.fromEntries(
          Object.entries(req.headers).filter(([k]) => k !== 'host' && k !== 'content-length'),
        ) as Record<string, string>;
        const body = chunks.length > 0 ? Buffer.concat(chunks) : undefined;
        const upstream = await fetch(url, { method: req.method ?? 'GET', headers, body });
        let text = await upstream.text();
        const provider = (Object.keys(LIST_SHAPES) as ListProvider[]).find((p) =>
          LIST_SHAPES[p].path.test(url.pathname),
        );
        if (provider && upstream.ok && !injected.has(provider)) text = inject(provider, text);
        res.writeHead(upstream.status, {
          'content-type': upstream.headers.get('content-type') ?? 'application/json',
        });
        res.end(text);
      } catch (err) {
        res.writeHead(502).end(String(err));
      }
    });
  });
  const inject = (provider: ListProvider, text: string): string => {
    const shape = LIST_SHAPES[provider];
    const page = JSON.parse(text) as Record<string, Array<Record<string, unknown>>>;
    const items = page[shape.items];
    const first = items?.[0];
    if (!items || !first) return text;
    injected.add(provider);
    // Bad ids first: a list stopping early must not skip them.
    items.unshift(...badIds.map((id) => ({ ...first, [shape.id]: id })));
    return JSON.stringify(page);
  };
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    /** Every request path seen, in order. */
    paths,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
