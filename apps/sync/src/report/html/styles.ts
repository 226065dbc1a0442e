/** The report's inline stylesheet: readable on screen, printable (colours kept, sections not split). */
export const STYLES = `
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1040px; padding: 24px 28px 48px; color: #1f2328; background: #fff;
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  -webkit-print-color-adjust: exact; print-color-adjust: exact; }
header { border-bottom: 2px solid #d0d7de; margin-bottom: 8px; padding-bottom: 8px; }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 18px; margin: 28px 0 2px; }
.meta, .explain { color: #57606a; margin: 0 0 10px; }
.summary { margin: 4px 0 0; }
dl.scope { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 4px 0 8px; }
dl.scope dt { color: #57606a; }
dl.scope dd { margin: 0; }
dl.definitions dt { font-weight: 600; margin-top: 6px; }
dl.definitions dd { margin: 0 0 0 16px; color: #1f2328; }
figure.headline { margin: 0; flex: 0 1 470px; border: 1px solid #d0d7de; border-radius: 6px; padding: 8px 12px; }
table.figures { border-collapse: collapse; width: 100%; }
table.figures th, table.figures td { padding: 3px 6px; border-bottom: 1px solid #eaeef2; text-align: left;
  font-weight: normal; white-space: nowrap; }
table.figures thead th { color: #57606a; font-size: 12px; }
table.figures .num { text-align: right; font-variant-numeric: tabular-nums; }
table.figures td[data-value="now"] { font-weight: 600; }
.zoom-note { color: #57606a; font-style: italic; margin: 0 0 6px; }
nav a { color: #0969da; margin-right: 12px; text-decoration: none; }
section { break-inside: avoid; page-break-inside: avoid; }
svg.chart { display: block; max-width: 100%; height: auto; font-size: 12px; font-family: inherit; }
svg.chart text { fill: #1f2328; }
svg.chart text.tick, svg.chart text.value { fill: #57606a; }
svg.chart text.inside { fill: #fff; font-size: 11px; }
svg.chart text.heading { font-weight: 600; }
svg.chart line.grid { stroke: #e4e7eb; stroke-width: 1; }
.multiples { display: flex; flex-wrap: wrap; gap: 12px 24px; }
figure.multiple { margin: 0; flex: 0 1 460px; }
figcaption { margin: 0 0 4px; }
ul.legend { list-style: none; display: flex; flex-wrap: wrap; gap: 4px 16px; margin: 0 0 8px; padding: 0; }
ul.legend li { display: flex; align-items: center; gap: 6px; }
.swatch { display: inline-block; width: 12px; height: 12px; border-radius: 2px; }
.empty { padding: 16px; background: #f6f8fa; border: 1px dashed #d0d7de; border-radius: 6px; color: #57606a; }
table.health { border-collapse: collapse; width: 100%; }
table.health th, table.health td { border-bottom: 1px solid #d0d7de; padding: 6px 10px; text-align: left; }
table.health th { background: #f6f8fa; font-weight: 600; }
table.health .num { text-align: right; font-variant-numeric: tabular-nums; }
table.health .warn { color: #c62828; font-weight: 600; }
.status { padding: 1px 8px; border-radius: 10px; background: #eaeef2; }
.status-succeeded { background: #dafbe1; color: #1a7f37; }
.status-failed { background: #ffebe9; color: #c62828; }
.status-running { background: #ddf4ff; color: #0969da; }
footer { margin-top: 32px; color: #57606a; font-size: 12px; }
@media print { body { max-width: none; padding: 0; } nav { display: none; } a { color: inherit; } }
`;
