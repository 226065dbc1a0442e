import { checkAdvanceOptions } from './advance.js';
import { jsonReply, type Reply } from './http/reply.js';
import type { RequestContext } from './http/router.js';
import {
  type AdvanceOptions,
  type AdvanceResult,
  type FaultConfig,
  type GroundTruth,
  type JsonValue,
  PROVIDERS,
  type Provider,
  type SandboxStats,
} from './types.js';
import type { WebhookTargetInfo } from './webhooks/dispatcher.js';
import type { WebhookTarget } from './webhooks/types.js';

/** What the admin API can do to a running sandbox. */
export interface AdminActions {
  info(): JsonValue;
  stats(): SandboxStats;
  resetStats(): void;
  advance(opts: AdvanceOptions): Promise<AdvanceResult>;
  faults(): Record<Provider, FaultConfig | null>;
  setFaults(provider: Provider, faults: FaultConfig | null): void;
  revokeIdnowTokens(): number;
  yotiSessionIds(): string[];
  notifyYoti(opts: { topic?: string; sessionIds?: string[] }): Promise<number>;
  notificationsConfigured(): boolean;
  /** Configured webhook targets, without secrets. */
  webhooks(): Partial<Record<Provider, WebhookTargetInfo>>;
  /** @throws TypeError for an invalid target. */
  setWebhooks(provider: Provider, target: WebhookTarget | null): void;
  truth(): GroundTruth;
}

const bad = (message: string): Reply => jsonReply(400, { error: 'bad_request', message });

function parseJson(ctx: RequestContext): { value: Record<string, unknown> } | { error: Reply } {
  if (ctx.body.length === 0) return { value: {} };
  try {
    const value: unknown = JSON.parse(ctx.body.toString('utf8'));
    if (value === null || typeof value !== 'object' || Array.isArray(value))
      return { error: bad('Body must be a JSON object') };
    return { value: value as Record<string, unknown> };
  } catch {
    return { error: bad('Body is not valid JSON') };
  }
}

const isProvider = (value: unknown): value is Provider => PROVIDERS.includes(value as Provider);

/**
 * The `/_admin/*` API: stats, time, faults, token revocation, Yoti notifications, webhook targets and ground
 * truth.
 * It is never faulted, rate limited or counted.
 */
export function createAdmin(actions: AdminActions): (ctx: RequestContext) => Promise<Reply> {
  return async (ctx) => {
    const route = `${ctx.method} ${ctx.path}`;
    const parsed = parseJson(ctx);
    if ('error' in parsed) return parsed.error;
    const body = parsed.value;
    switch (route) {
      case 'GET /_admin/info':
        return jsonReply(200, actions.info());
      case 'GET /_admin/stats':
        return jsonReply(200, actions.stats() as unknown as JsonValue);
      case 'POST /_admin/stats/reset':
        actions.resetStats();
        return { status: 204 };
      case 'POST /_admin/advance': {
        const problem = checkAdvanceOptions(body as AdvanceOptions);
        if (problem) return bad(problem);
        return jsonReply(200, (await actions.advance(body as AdvanceOptions)) as unknown as JsonValue);
      }
      case 'GET /_admin/faults':
        return jsonReply(200, actions.faults() as unknown as JsonValue);
      case 'POST /_admin/faults': {
        const { provider, ...faults } = body;
        if (!isProvider(provider)) return bad(`provider must be one of ${PROVIDERS.join(', ')}`);
        actions.setFaults(provider, faults as FaultConfig);
        return jsonReply(200, { provider, faults: actions.faults()[provider] as unknown as JsonValue });
      }
      case 'DELETE /_admin/faults': {
        const provider = ctx.query.get('provider') ?? body.provider;
        if (provider === undefined || provider === null) {
          for (const p of PROVIDERS) actions.setFaults(p, null);
        } else if (isProvider(provider)) {
          actions.setFaults(provider, null);
        } else {
          return bad(`provider must be one of ${PROVIDERS.join(', ')}`);
        }
        return { status: 204 };
      }
      case 'POST /_admin/idnow/revoke-tokens':
        return jsonReply(200, { revoked: actions.revokeIdnowTokens() });
      case 'GET /_admin/yoti/session-ids':
        return jsonReply(200, { sessionIds: actions.yotiSessionIds() });
      case 'POST /_admin/yoti/notify': {
        if (!actions.notificationsConfigured()) {
          return jsonReply(409, { error: 'conflict', message: 'yotiNotifications is not configured' });
        }
        const sessionIds = body.sessionIds;
        if (
          sessionIds !== undefined &&
          !(Array.isArray(sessionIds) && sessionIds.every((s) => typeof s === 'string'))
        ) {
          return bad('sessionIds must be an array of strings');
        }
        const topic = typeof body.topic === 'string' ? body.topic : undefined;
        return jsonReply(200, {
          sent: await actions.notifyYoti({ topic, sessionIds: sessionIds as string[] | undefined }),
        });
      }
      case 'GET /_admin/webhooks':
        return jsonReply(200, actions.webhooks() as unknown as JsonValue);
      case 'POST /_admin/webhooks': {
        // {provider, url, secret?, authToken?, scheme?} points a provider's webhooks at url; {provider, url: null}
        // stops them.
        const { provider, ...target } = body;
        if (!isProvider(provider)) return bad(`provider must be one of ${PROVIDERS.join(', ')}`);
        try {
          actions.setWebhooks(provider, target.url === null ? null : (target as unknown as WebhookTarget));
        } catch (error) {
          return bad((error as Error).message);
        }
        return jsonReply(200, {
          provider,
          target: (actions.webhooks()[provider] ?? null) as unknown as JsonValue,
        });
      }
      case 'GET /_admin/truth':
        return jsonReply(200, actions.truth() as unknown as JsonValue);
      default:
        return jsonReply(404, { error: 'not_found', message: `No admin route ${route}` });
    }
  };
}
