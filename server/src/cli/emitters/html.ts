/**
 * The HTML report (`--format html`): one self-contained page for people who would rather look than read.
 * Counts by severity and category as inline SVG charts, the top rules, the files with most findings, and
 * each finding with its code frame (from the redacted document, as in the text report), flow and fixes;
 * with `--baseline`, what is new and what was fixed since. Nothing is fetched: the style and the small
 * filter script are inline and allowed by their hashes in a Content-Security-Policy that allows nothing
 * else, and every piece of text from the scan is HTML-escaped.
 */
import { createHash } from 'node:crypto';
import { CATEGORIES, cellPosition, fileKindOf, isBinaryFileKind, type Category, type Finding, type RuleMeta, type Severity } from '../../engine/index';
import type { BaselineEntry } from '../../engine/baseline';
import { redactForOutput } from '../../rules/secrets/redact-output';
import { redactText, type RedactedDocument } from '../../rules/secrets/redact-text';
import { incompleteFiles, SEVERITY_ORDER, summarise, type ScanReport } from '../report';
import { codeFrameRows } from './code-frame';
import { formatConfigError } from '../../engine/config-file';

export interface HtmlOptions {
  version: string;
  rules: readonly RuleMeta[];
  /** A file as code frames show it (redacted), or undefined when it cannot be read. */
  documentOf: (path: string) => RedactedDocument | undefined;
  /** When `--baseline` was given: its file name and the entries no finding matches any more. */
  baseline?: { file: string; fixed: readonly BaselineEntry[] };
  /** When the report was made (ISO text); the caller's clock, so tests can fix it. */
  generatedAt: string;
  /** The findings shown one by one; the counts and tables always cover every finding. */
  maxFindingsShown?: number;
}

/** The default number of findings listed in full: enough for any review, small enough for a browser. */
export const MAX_FINDINGS_SHOWN = 2000;

/** Escapes text for HTML element content and double-quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);
}

/** The whole report as one HTML document. */
export function toHtmlReport(report: ScanReport, options: HtmlOptions): string {
  const findings = report.findings.map(redactForOutput);
  const summary = summarise(findings);
  const limit = options.maxFindingsShown ?? MAX_FINDINGS_SHOWN;
  const shown = findings.slice(0, limit);
  const body = [
    `<header><h1>AISec report</h1><p class="meta">aisec ${escapeHtml(options.version)} · ${escapeHtml(options.generatedAt)} · ${report.filesScanned} files scanned in ${(report.durationMs / 1000).toFixed(2)} s</p></header>`,
    summaryCards(report, summary.total, summary.bySeverity, summary.files),
    options.baseline ? baselineSection(options.baseline, summary.total, report.baselined, options.rules) : '',
    '<section class="charts">',
    chartCard('Findings by severity', severityChart(summary.bySeverity)),
    chartCard('Findings by category', categoryChart(summary.byCategory)),
    '</section>',
    '<section class="tables">',
    topRulesTable(findings),
    topFilesTable(findings),
    '</section>',
    findingsSection(shown, findings.length, options),
    notesSection(report),
  ].join('\n');
  return page(body);
}

const STYLE = `
:root{--err:#c62828;--warn:#b26a00;--info:#1565c0;--ok:#2e7d32;--bg:#fafafa;--card:#fff;--line:#e0e0e0;--text:#212121;--muted:#616161;--code:#f5f5f5}
*{box-sizing:border-box}body{margin:0;padding:24px 32px;font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:var(--bg);color:var(--text)}
h1{margin:0;font-size:24px}h2{font-size:18px;margin:0 0 12px}.meta{color:var(--muted);margin:4px 0 20px}
.cards,.charts,.tables{display:flex;flex-wrap:wrap;gap:16px;margin-bottom:20px}
.card{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:14px 18px;min-width:150px}
.card .n{font-size:28px;font-weight:600}.card .l{color:var(--muted)}
.sev-error{color:var(--err)}.sev-warning{color:var(--warn)}.sev-info{color:var(--info)}.good{color:var(--ok)}
.panel{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:16px;flex:1 1 420px;min-width:0}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:4px 8px;border-bottom:1px solid var(--line);vertical-align:top}
td.num,th.num{text-align:right}code,pre{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12.5px}
.badge{display:inline-block;border-radius:10px;padding:0 8px;font-size:12px;font-weight:600;color:#fff}
.badge.error{background:var(--err)}.badge.warning{background:var(--warn)}.badge.info{background:var(--info)}
.finding{background:var(--card);border:1px solid var(--line);border-left:4px solid var(--line);border-radius:6px;padding:10px 14px;margin:10px 0}
.finding.error{border-left-color:var(--err)}.finding.warning{border-left-color:var(--warn)}.finding.info{border-left-color:var(--info)}
.finding .where{font-family:ui-monospace,monospace;font-weight:600;word-break:break-all}.finding .msg{margin:6px 0}
.frame{background:var(--code);border-radius:4px;padding:6px 0;margin:6px 0;overflow-x:auto}
.frame div{white-space:pre;padding:0 10px}.frame .ln{display:inline-block;min-width:3em;color:var(--muted);user-select:none}
.frame .hit{background:#fff3e0}.frame mark{background:#ffcc80;color:inherit}
ul.fixes,ul.flow{margin:4px 0;padding-left:20px}.muted{color:var(--muted)}
.filters{display:flex;gap:16px;align-items:center;margin:8px 0 4px;flex-wrap:wrap}.filters input[type=search]{padding:4px 8px;min-width:260px}
.hidden{display:none}svg text{font:12px system-ui,sans-serif;fill:var(--text)}
`;

/** Hides findings by severity and by a text filter; it reads only the page's own elements. */
const SCRIPT = `
(function(){
  var boxes=document.querySelectorAll('input[data-severity]');var search=document.getElementById('filter');
  var items=document.querySelectorAll('.finding');var count=document.getElementById('shown-count');
  function apply(){var on={};boxes.forEach(function(b){on[b.getAttribute('data-severity')]=b.checked;});
    var q=(search&&search.value||'').toLowerCase();var n=0;
    items.forEach(function(el){var ok=on[el.getAttribute('data-severity')]!==false&&(q===''||el.textContent.toLowerCase().indexOf(q)>=0);
      el.classList.toggle('hidden',!ok);if(ok)n++;});
    if(count)count.textContent=String(n);}
  boxes.forEach(function(b){b.addEventListener('change',apply);});if(search)search.addEventListener('input',apply);
})();
`;

function page(body: string): string {
  const hash = (text: string): string => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
  // Only the inline style and script below may apply; no request can leave the page (no src, no connect, no form target).
  const csp = `default-src 'none'; style-src ${hash(STYLE)}; script-src ${hash(SCRIPT)}; img-src data:; base-uri 'none'; form-action 'none'`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>AISec report</title>
<style>${STYLE}</style>
</head>
<body>
${body}
<script>${SCRIPT}</script>
</body>
</html>
`;
}

function summaryCards(report: ScanReport, total: number, bySeverity: Record<Severity, number>, files: number): string {
  const card = (n: number | string, label: string, cls = ''): string => `<div class="card"><div class="n ${cls}">${n}</div><div class="l">${escapeHtml(label)}</div></div>`;
  const incomplete = incompleteFiles(report).length;
  return [
    '<section class="cards">',
    card(total, total === 1 ? 'finding' : 'findings', total === 0 ? 'good' : ''),
    ...SEVERITY_ORDER.map((s) => card(bySeverity[s], s, `sev-${s}`)),
    card(files, files === 1 ? 'file with findings' : 'files with findings'),
    card(report.suppressed.length, 'suppressed'),
    ...(incomplete > 0 ? [card(incomplete, 'files analysed only in part or refused', 'sev-warning')] : []),
    '</section>',
  ].join('');
}

function baselineSection(baseline: NonNullable<HtmlOptions['baseline']>, fresh: number, accepted: number, rules: readonly RuleMeta[]): string {
  const names = new Map(rules.map((r) => [r.id, r.name]));
  const fixedRows = baseline.fixed
    .slice(0, 200)
    .map((e) => `<tr><td><code>${escapeHtml(e.rule)}</code></td><td>${escapeHtml(names.get(e.rule) ?? '')}</td><td><code>${escapeHtml(e.path)}</code></td></tr>`)
    .join('');
  return [
    `<section class="panel baseline"><h2>Since the baseline <code>${escapeHtml(baseline.file)}</code></h2>`,
    '<div class="cards">',
    `<div class="card"><div class="n ${fresh > 0 ? 'sev-error' : 'good'}" id="baseline-new">${fresh}</div><div class="l">new (listed below)</div></div>`,
    `<div class="card"><div class="n good" id="baseline-fixed">${baseline.fixed.length}</div><div class="l">fixed since</div></div>`,
    `<div class="card"><div class="n muted">${accepted}</div><div class="l">still present, accepted</div></div>`,
    '</div>',
    baseline.fixed.length > 0 ? `<table class="fixed"><thead><tr><th>Rule</th><th>Name</th><th>File</th></tr></thead><tbody>${fixedRows}</tbody></table>${baseline.fixed.length > 200 ? `<p class="muted">… and ${baseline.fixed.length - 200} more.</p>` : ''}` : '<p class="muted">No baselined finding was fixed.</p>',
    '</section>',
  ].join('');
}

function chartCard(title: string, svg: string): string {
  return `<div class="panel"><h2>${escapeHtml(title)}</h2>${svg}</div>`;
}

const SEVERITY_COLOURS: Record<Severity, string> = { error: '#c62828', warning: '#b26a00', info: '#1565c0' };

/** Horizontal bars, one per severity. */
function severityChart(bySeverity: Record<Severity, number>): string {
  const max = Math.max(1, ...SEVERITY_ORDER.map((s) => bySeverity[s]));
  const rowHeight = 28;
  const bars = SEVERITY_ORDER.map((s, i) => {
    const width = Math.round((bySeverity[s] / max) * 300);
    const y = i * rowHeight;
    return `<text x="0" y="${y + 18}">${s}</text><rect x="80" y="${y + 4}" width="${width}" height="18" rx="3" fill="${SEVERITY_COLOURS[s]}"><title>${bySeverity[s]} ${s}</title></rect><text x="${86 + width}" y="${y + 18}">${bySeverity[s]}</text>`;
  }).join('');
  return `<svg role="img" aria-label="Findings by severity" width="100%" viewBox="0 0 440 ${SEVERITY_ORDER.length * rowHeight}" xmlns="http://www.w3.org/2000/svg">${bars}</svg>`;
}

/** One stacked bar per category that has findings (error, warning, info), with a legend. */
function categoryChart(byCategory: Partial<Record<Category, Record<Severity, number>>>): string {
  const present = CATEGORIES.filter((c) => byCategory[c]);
  if (present.length === 0) return '<p class="muted">No findings.</p>';
  const totals = present.map((c) => SEVERITY_ORDER.reduce((sum, s) => sum + byCategory[c]![s], 0));
  const max = Math.max(1, ...totals);
  const rowHeight = 28;
  const rows = present.map((category, i) => {
    const y = i * rowHeight;
    let x = 140;
    const segments = SEVERITY_ORDER.map((s) => {
      const n = byCategory[category]![s];
      if (n === 0) return '';
      const width = Math.max(2, Math.round((n / max) * 240));
      const rect = `<rect x="${x}" y="${y + 4}" width="${width}" height="18" fill="${SEVERITY_COLOURS[s]}"><title>${escapeHtml(category)}: ${n} ${s}</title></rect>`;
      x += width;
      return rect;
    }).join('');
    return `<text x="0" y="${y + 18}">${escapeHtml(category)}</text>${segments}<text x="${x + 6}" y="${y + 18}">${totals[i]}</text>`;
  });
  const legendY = present.length * rowHeight + 10;
  const legend = SEVERITY_ORDER.map((s, i) => `<rect x="${140 + i * 90}" y="${legendY}" width="12" height="12" fill="${SEVERITY_COLOURS[s]}"/><text x="${156 + i * 90}" y="${legendY + 11}">${s}</text>`).join('');
  return `<svg role="img" aria-label="Findings by category and severity" width="100%" viewBox="0 0 440 ${legendY + 20}" xmlns="http://www.w3.org/2000/svg">${rows.join('')}${legend}</svg>`;
}

function topRulesTable(findings: readonly Finding[]): string {
  const byRule = new Map<string, { name: string; count: number; severity: Severity }>();
  for (const f of findings) {
    const row = byRule.get(f.ruleId) ?? { name: f.ruleName, count: 0, severity: f.severity };
    row.count += 1;
    byRule.set(f.ruleId, row);
  }
  const rows = [...byRule]
    .sort((a, b) => b[1].count - a[1].count || a[0].localeCompare(b[0]))
    .slice(0, 10)
    .map(([code, r]) => `<tr><td><code>${escapeHtml(code)}</code></td><td>${escapeHtml(r.name)}</td><td><span class="badge ${r.severity}">${r.severity}</span></td><td class="num">${r.count}</td></tr>`)
    .join('');
  return `<div class="panel"><h2>Top rules</h2>${rows ? `<table><thead><tr><th>Rule</th><th>Name</th><th>Severity</th><th class="num">Findings</th></tr></thead><tbody>${rows}</tbody></table>` : '<p class="muted">No findings.</p>'}</div>`;
}

function topFilesTable(findings: readonly Finding[]): string {
  const byFile = new Map<string, Record<Severity, number>>();
  for (const f of findings) {
    const row = byFile.get(f.path) ?? { error: 0, warning: 0, info: 0 };
    row[f.severity] += 1;
    byFile.set(f.path, row);
  }
  const total = (r: Record<Severity, number>): number => r.error + r.warning + r.info;
  const rows = [...byFile]
    .sort((a, b) => total(b[1]) - total(a[1]) || a[0].localeCompare(b[0]))
    .slice(0, 10)
    .map(([path, r]) => `<tr><td><code>${escapeHtml(path)}</code></td>${SEVERITY_ORDER.map((s) => `<td class="num sev-${s}">${r[s] || ''}</td>`).join('')}<td class="num">${total(r)}</td></tr>`)
    .join('');
  return `<div class="panel"><h2>Files with most findings</h2>${rows ? `<table><thead><tr><th>File</th>${SEVERITY_ORDER.map((s) => `<th class="num">${s}</th>`).join('')}<th class="num">Total</th></tr></thead><tbody>${rows}</tbody></table>` : '<p class="muted">No findings.</p>'}</div>`;
}

function findingsSection(shown: readonly Finding[], total: number, options: HtmlOptions): string {
  const filters = SEVERITY_ORDER.map((s) => `<label><input type="checkbox" data-severity="${s}" checked> ${s}</label>`).join('');
  return [
    `<section><h2>Findings (<span id="shown-count">${shown.length}</span> of ${total})</h2>`,
    total > shown.length ? `<p class="muted">The first ${shown.length} findings are listed; the counts above cover all ${total}. The JSON and SARIF reports list every finding.</p>` : '',
    total > 0 ? `<div class="filters">${filters}<input id="filter" type="search" placeholder="Filter by text, rule or path" aria-label="Filter findings"></div>` : '<p class="good">No findings.</p>',
    ...shown.map((f) => findingBlock(f, options)),
    '</section>',
  ].join('\n');
}

/** One finding (already redacted for output): place, rule, message, code frame, flow and fixes. */
function findingBlock(finding: Finding, options: HtmlOptions): string {
  const { line, column } = finding.range.start;
  const cell = finding.notebook ? cellPosition(finding.notebook) : undefined;
  const where = cell ? `${finding.path}:cell ${cell.cell}:${cell.line}:${cell.column}` : `${finding.path}:${line + 1}:${column + 1}`;
  // Model files are binary: their findings name byte offsets, and a frame would show raw bytes.
  const document = isBinaryFileKind(fileKindOf(finding.path)) ? undefined : options.documentOf(finding.path);
  const frame = document ? codeFrameHtml(document, finding) : '';
  const flow = finding.flow?.length ? `<ul class="flow">${finding.flow.map((s) => `<li><span class="muted">${s.range.start.line + 1}:${s.range.start.column + 1}</span> ${escapeHtml(s.message)}</li>`).join('')}</ul>` : '';
  const fixes = finding.fixes.length
    ? `<ul class="fixes">${finding.fixes.map((fix) => `<li><strong>${fix.applicability === 'safe' ? 'fix' : fix.applicability === 'unsafe' ? 'unsafe fix' : 'suggestion'}:</strong> ${escapeHtml(fix.title)}</li>`).join('')}</ul>`
    : '';
  const cwe = finding.cwe.length > 0 ? ` · ${escapeHtml(finding.cwe.join(', '))}` : '';
  return `<article class="finding ${finding.severity}" data-severity="${finding.severity}"><div class="where">${escapeHtml(where)}</div><div><span class="badge ${finding.severity}">${finding.severity}</span> <code>${escapeHtml(finding.ruleId)}</code> ${escapeHtml(finding.ruleName)} <span class="muted">· ${escapeHtml(finding.category)} · confidence ${escapeHtml(finding.confidence)}${cwe}</span></div><p class="msg">${withCodeSpans(escapeHtml(finding.message))}</p>${frame}${flow}${fixes}</article>`;
}

/** Messages quote code in backticks; on the page those are code spans (the text is already escaped, so no markup can appear). */
function withCodeSpans(escaped: string): string {
  return escaped.replace(/`([^`]+)`/g, '<code>$1</code>');
}

function codeFrameHtml(document: RedactedDocument, finding: Finding): string {
  const rows = codeFrameRows(document, finding, 2).map((row) => {
    const number = `<span class="ln">${row.line + 1}</span>`;
    if (!row.mark) return `<div>${number}${escapeHtml(row.text)}</div>`;
    const from = Math.min(row.mark.from, row.text.length);
    const to = Math.max(from, Math.min(row.mark.to, row.text.length));
    return `<div class="hit">${number}${escapeHtml(row.text.slice(0, from))}<mark>${escapeHtml(row.text.slice(from, to))}</mark>${escapeHtml(row.text.slice(to))}</div>`;
  });
  return `<div class="frame">${rows.join('')}</div>`;
}

function notesSection(report: ScanReport): string {
  const notes = report.notes.filter((n) => n.note.kind !== 'skipped');
  if (notes.length === 0 && report.skipped.length === 0 && report.configErrors.length === 0) return '';
  const items = [
    ...report.configErrors.slice(0, 50).map((e) => `<li class="sev-error">configuration error: ${escapeHtml(redactText(formatConfigError(e)))}</li>`),
    ...notes.slice(0, 100).map(({ path, note }) => `<li><code>${escapeHtml(path)}</code>: ${escapeHtml(note.kind)}: ${escapeHtml(redactText(note.message))}</li>`),
    ...report.skipped.slice(0, 100).map(({ path, reason }) => `<li><code>${escapeHtml(path)}</code>: skipped: ${escapeHtml(redactText(reason))}</li>`),
  ];
  return `<section class="panel"><h2>Notes and skipped files</h2><ul>${items.join('')}</ul></section>`;
}
