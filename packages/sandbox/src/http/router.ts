import type { IncomingMessage } from 'node:http';
import type { Reply } from './reply.js';

/** Everything a handler needs about the request. */
export interface RequestContext {
  req: IncomingMessage;
  method: string;
  /** Raw (undecoded) path, without a trailing slash. */
  path: string;
  /** The raw request target as received (path + query string). */
  rawUrl: string;
  query: URLSearchParams;
  params: Record<string, string>;
  body: Buffer;
}

/** One operation of a provider API. */
export interface Route {
  method: 'GET' | 'POST' | 'DELETE';
  /** Full path pattern, `:name` segments capture (e.g. `/verifa/api/v1/sessions/:id`). */
  pattern: string;
  /** The spec's operationId (counted in stats, matched by `failNext`). */
  operation: string;
  /** Whether the provider's authentication applies (default true). */
  auth?: boolean;
  handle(ctx: RequestContext): Reply | Promise<Reply>;
}

/** A matched route with its decoded path parameters. */
export type RouteMatch =
  | { kind: 'found'; route: Route; params: Record<string, string> }
  | { kind: 'method-not-allowed'; allow: string[] }
  | { kind: 'not-found' };

interface CompiledRoute {
  route: Route;
  segments: string[];
}

/** Matches paths against a fixed list of routes (first match wins, literal segments only compare equal). */
export class Router {
  private readonly compiled: CompiledRoute[];

  constructor(routes: readonly Route[]) {
    this.compiled = routes.map((route) => ({ route, segments: route.pattern.split('/').slice(1) }));
  }

  match(method: string, path: string): RouteMatch {
    const parts = path.split('/').slice(1);
    const allow: string[] = [];
    for (const { route, segments } of this.compiled) {
      const params = matchSegments(segments, parts);
      if (!params) continue;
      if (route.method === method) return { kind: 'found', route, params };
      allow.push(route.method);
    }
    return allow.length > 0 ? { kind: 'method-not-allowed', allow } : { kind: 'not-found' };
  }
}

function matchSegments(segments: string[], parts: string[]): Record<string, string> | null {
  if (segments.length !== parts.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i] as string;
    const part = parts[i] as string;
    if (segment.startsWith(':')) {
      if (part === '') return null;
      let decoded: string;
      try {
        decoded = decodeURIComponent(part);
      } catch {
        return null;
      }
      params[segment.slice(1)] = decoded;
    } else if (segment !== part) {
      return null;
    }
  }
  return params;
}
