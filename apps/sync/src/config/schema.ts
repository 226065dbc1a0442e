import { DEFAULT_MAX_RESPONSE_BYTES } from '@idvkit/http';
import * as z from 'zod';
import type { ProviderAdapter } from '../providers/adapter.js';
import { ADAPTERS, PROVIDER_NAMES } from '../providers/registry.js';
import { describeValue } from './config-error.js';
import { PROVIDER_LIMITS } from './limits.js';
import { scheduleProblem } from './schedule.js';
import { expected, flag, inRange, oneOf, positive, quoted, strict, text } from './schema-kit.js';

/** The rule of a connection name (it is stored, logged and used in flags and advisory-lock keys). */
export const CONNECTION_NAME = /^[a-z][a-z0-9_-]{0,62}$/;
const NAME_RULE = 'a name of lowercase letters, digits, _ and - that starts with a letter (at most 63)';

const schedule = z
  .string(expected('a cron schedule of 5 fields'))
  .superRefine((value, ctx) => {
    const problem = scheduleProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  })
  .transform((value) => value.trim().split(/\s+/).join(' '))
  .meta({
    description:
      'Cron line (5 fields: minute hour day-of-month month day-of-week) the worker syncs this connection on, such as "*/15 * * * *".',
  });

/** Keys every connection accepts besides its provider's own, with that provider's defaults. */
function commonShape(adapter: ProviderAdapter) {
  return {
    concurrency: inRange(
      PROVIDER_LIMITS.concurrency,
      adapter.defaults.concurrency,
      'Requests in flight at once.',
    ),
    requestsPerSecond: inRange(
      PROVIDER_LIMITS.requestsPerSecond,
      adapter.defaults.requestsPerSecond,
      "The client-side rate limit, requests per second (the default stays under the provider's documented limit).",
    ),
    allowInsecureHttp: flag(
      false,
      'Accept plain http:// URLs to hosts other than loopback (the credentials then cross the network in clear text).',
    ),
    maxResponseBytes: inRange(
      PROVIDER_LIMITS.maxResponseBytes,
      DEFAULT_MAX_RESPONSE_BYTES,
      'Largest provider response body read, in bytes.',
    ),
    schedule: schedule.optional(),
    webhooks: adapter.webhooks.optional(),
  };
}

/** `providers.<provider>`: one connection named after its provider (the shorthand). */
function shorthandSchema(adapter: ProviderAdapter) {
  return strict(
    { ...adapter.configShape, ...commonShape(adapter) },
    `A ${adapter.name} connection named "${adapter.name}".`,
  );
}

/** `connections.<name>`: a connection, its keys chosen by `provider`. */
function connectionSchema(adapter: ProviderAdapter) {
  return strict(
    {
      provider: z
        .literal(adapter.name)
        .meta({ description: 'The provider this connection is an account of.' }),
      ...adapter.configShape,
      ...commonShape(adapter),
    },
    `A ${adapter.name} connection.`,
  );
}

const adapters = PROVIDER_NAMES.map((name) => ADAPTERS[name]!);

const connections = z
  .record(
    z.string().regex(CONNECTION_NAME, expected(NAME_RULE, quoted(80))),
    z.discriminatedUnion(
      'provider',
      adapters.map(connectionSchema) as unknown as [ReturnType<typeof connectionSchema>],
      {
        error: (issue) =>
          issue.code === 'invalid_union'
            ? `expected one of ${PROVIDER_NAMES.join(', ')}, received ${quoted()((issue.input as { provider?: unknown } | undefined)?.provider)}`
            : `expected an object, received ${describeValue(issue.input)}`,
      },
    ),
    expected('an object of connections by name'),
  )
  .meta({
    description:
      'Connections by name: each an account of a provider with its own credentials, limits, schedule and webhooks. Names are stored on every row.',
  });

const providers = strict(
  Object.fromEntries(adapters.map((a) => [a.name, shorthandSchema(a).optional()])),
  'The shorthand: one connection per provider, named after the provider.',
  'unknown provider',
);

/**
 * The schema of idvkit.config.json (after `${ENV}` interpolation): validation, the types and the published
 * JSON Schema (idvkit.config.schema.json) all come from it. Rules across keys (IDnow credentials, Yoti's one
 * key, URL policy, unique connection names) are checked when the connections are built (./connections.ts).
 */
export const configSchema = strict({
  $schema: z.string(expected('a string')).optional().meta({ description: 'The JSON Schema of this file.' }),
  database: z
    .string(expected('a postgres:// or postgresql:// URL', () => 'another kind of value'))
    .regex(
      /^postgres(ql)?:\/\//,
      expected('a postgres:// or postgresql:// URL', () => 'another kind of value'),
    )
    .optional()
    .meta({
      description: `Postgres URL, such as "\${DATABASE_URL}". Absent: the DATABASE_URL environment variable, then the embedded PGlite at dataDir.`,
    }),
  dataDir: text('The embedded PGlite data directory, when no Postgres URL is given.').default(
    '.idvkit/pgdata',
  ),
  raw: oneOf(
    ['minimal', 'full', 'none'] as const,
    'How much of each provider payload is kept: minimal (personal data removed), full or none.',
  ).default('minimal'),
  lookbackMinutes: positive(60, 'How far before the last checkpoint an incremental sync lists again.'),
  reopenWindowDays: positive(30, 'How long an undecided session is fetched again.'),
  batchSize: positive(500, 'Rows per database write.', { integer: true }),
  providers: providers.optional(),
  connections: connections.optional(),
}).meta({ title: 'idvkit.config.json', description: 'The config of the idvkit CLI and worker.' });

/** idvkit.config.json as written (the input of {@link configSchema}). */
export type IdvkitConfigFile = z.input<typeof configSchema>;
/** idvkit.config.json validated, defaults filled in. */
export type ParsedConfigFile = z.output<typeof configSchema>;
