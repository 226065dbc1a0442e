export { flowName } from './flow-name.js';
export { headlineRows } from './headline-rows.js';
export { type KnownConnection, listKnownConnections } from './known-connections.js';
export { rejectionReasonRows } from './rejection-reason-rows.js';
export { type ReportFeatures, readReportFeatures } from './report-features.js';
export {
  type FilterColumns,
  filterCondition,
  type ReportContext,
  type ReportFilter,
  sessionColumns,
} from './report-filter.js';
export {
  checkResultsRows,
  dailyOutcomesRows,
  decisionLatencyRows,
  funnelRows,
  openSessionsRows,
  outcomesRows,
  type ReportRow,
} from './report-rows.js';
export { syncHealthRows } from './sync-health-rows.js';
