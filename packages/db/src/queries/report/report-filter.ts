import { type RawBuilder, sql } from 'kysely';
import { flowName } from './flow-name.js';

/**
 * What a report covers: sessions created in `[since, until)`, of one provider, connection and flow. Absent means
 * "any". `flow` matches a flow id, or a flow name where the database has the flow catalogue (`idv.flows`).
 */
export interface ReportFilter {
  since?: Date;
  until?: Date;
  provider?: string;
  connection?: string;
  flow?: string;
}

/** A filter plus what the database it runs against offers (see {@link readReportFeatures}). */
export interface ReportContext {
  filter: ReportFilter;
  /** `idv.flows` exists: flow names can be shown. */
  flowCatalogue: boolean;
}

/** Column names of the relation a condition applies to, for sources that are not `idv.sessions`. */
export interface FilterColumns {
  /** The timestamp compared with the period; `null` when the source has none (then the period is not applied). */
  time: string | null;
  provider: string;
  connection: string;
  flowId: string;
}

/** `created_at`, `provider`, `connection` and `flow_id` of `idv.sessions` (or a view with those columns) `alias`. */
export function sessionColumns(alias: string): FilterColumns {
  return {
    time: `${alias}.created_at`,
    provider: `${alias}.provider`,
    connection: `${alias}.connection`,
    flowId: `${alias}.flow_id`,
  };
}

/** The filter as a SQL condition over the given columns (`true` for an empty filter). */
export function filterCondition(ctx: ReportContext, cols: FilterColumns): RawBuilder<unknown> {
  const { filter } = ctx;
  const parts = [sql`true`];
  if (cols.time && filter.since)
    parts.push(sql`${sql.ref(cols.time)} >= ${filter.since.toISOString()}::timestamptz`);
  if (cols.time && filter.until)
    parts.push(sql`${sql.ref(cols.time)} < ${filter.until.toISOString()}::timestamptz`);
  if (filter.provider) parts.push(sql`${sql.ref(cols.provider)} = ${filter.provider}`);
  if (filter.connection) parts.push(sql`${sql.ref(cols.connection)} = ${filter.connection}`);
  if (filter.flow) {
    const name = flowName(ctx.flowCatalogue, cols.provider, cols.flowId);
    parts.push(sql`(${sql.ref(cols.flowId)} = ${filter.flow} OR ${name} = ${filter.flow})`);
  }
  return sql.join(parts, sql` AND `);
}
