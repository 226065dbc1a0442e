import { escapeHtml } from '../escape-html.js';

/**
 * Each rate's definition, stated once. Approval excludes review from its denominator (review is not a decision
 * yet), the check pass rate includes it (a check sent to review did not pass): both follow the views.
 */
export const DEFINITIONS: ReadonlyArray<[string, string]> = [
  ['Completion rate', 'completed sessions ÷ all sessions created in the period.'],
  [
    'Approval rate',
    'approved ÷ (approved + rejected). Sessions in review are left out: they have no decision yet.',
  ],
  ['Review rate', 'review ÷ (approved + rejected + review): the share of outcomes sent to manual review.'],
  [
    'Pass rate (checks)',
    'pass ÷ (pass + fail + review). A check in review counts as not passed: it did not pass on its own.',
  ],
  [
    'Time to decision',
    'completion time − creation time of completed sessions; the median (p50) and 90th percentile (p90), interpolated.',
  ],
];

/** The definitions block (a `<dl>`), shown once, after the headline figures. */
export function definitionsSection(): string {
  const items = DEFINITIONS.map(
    ([term, text]) => `<dt>${escapeHtml(term)}</dt><dd>${escapeHtml(text)}</dd>`,
  ).join('');
  return `<section id="definitions"><h2>Definitions</h2><dl class="definitions">${items}</dl></section>`;
}
