/**
 * Text checkers that read only the lines of a partial run's kept spans (`TextContext.focus`, `focus-lines.ts`):
 * hidden Unicode and install commands in notebook magic lines. Typed into a large class or notebook one character
 * per change, every exact run must equal a fresh analysis; and the scans of the kept lines must find, inside any
 * span, exactly what the whole scan finds there (narrowing the lines to the spans themselves fails that).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadEngine } from '../../server/src/host/load-engine';
import type { Engine, EngineDocument } from '../../server/src/engine/index';
import { scanHiddenUnicode } from '../../server/src/engine/text/hidden-unicode';
import { focusLines } from '../../server/src/engine/text/focus-lines';
import { scanInstallCommands } from '../../server/src/engine/manifests/install-commands';
import { comparable } from '../helpers/incremental-edits';

const ZWSP = '\u200b';
const RLO = '\u202e';

/** A large class whose methods hold, here and there, hidden characters (a split keyword, a run of four, a bidi override). */
function classWithHiddenCharacters(methods: number): string {
  const lines = ['import requests', '', '', 'class Service:', '    """A service."""', '', '    def __init__(self, url):', '        self.url = url', ''];
  for (let k = 0; k < methods; k++) {
    lines.push(`    def call_${k}(self, payload):`, `        total = len(payload) + ${k}`);
    if (k % 30 === 5) lines.push(`        role = "ad${ZWSP}min"`);
    if (k % 30 === 15) lines.push(`        marker = "${ZWSP.repeat(4)}x"`);
    if (k % 30 === 25) lines.push(`        access = "user" # ${RLO} check`);
    lines.push(k % 7 === 0 ? `        return self.call_${k + 1}(payload)` : '        return requests.post(self.url, json=payload)', '');
  }
  lines.push('', 'def main():', '    return Service("https://example.invalid")', '');
  return lines.join('\n');
}

function checkExact(engine: Engine, doc: EngineDocument, path: string, context: string): boolean {
  const incremental = engine.analyzeDocument(doc);
  const run = doc.lastRunKind;
  if (run?.kind === 'partial' && !run.exact) return false;
  const fresh = doc.kind === 'notebook' ? engine.analyzeDocument(engine.openNotebookCode(path, doc.text, 'python', doc.codeCellStarts)) : engine.analyze({ path, text: doc.text });
  assert.deepEqual(comparable(incremental), comparable(fresh), `${context}: ${JSON.stringify(run)}`);
  return run?.kind === 'partial';
}

/** Types `text` at the end of line `line`, one character per change (a line break followed by `indent` as one). */
function typeAt(engine: Engine, doc: EngineDocument, path: string, line: number, text: string, indent: string): number {
  let column = doc.text.split('\n')[line]!.length;
  let partial = 0;
  for (const change of [`\n${indent}`, ...text]) {
    if (doc.kind === 'notebook') {
      // As the language server edits a notebook's cell: in place, so the other cells' offsets move with it.
      const at = doc.text.split('\n').slice(0, line).reduce((n, l) => n + l.length + 1, 0) + column;
      const cell = doc.codeCellStarts.filter((start) => start <= at).length - 1;
      doc.editCodeCell(cell, at, at, change);
    } else doc.applyChanges([{ range: { start: { line, column }, end: { line, column } }, text: change }]);
    if (change.startsWith('\n')) {
      line++;
      column = indent.length;
    } else column += change.length;
    if (checkExact(engine, doc, path, `after typing ${JSON.stringify(doc.text.split('\n')[line])}`)) partial++;
  }
  doc.forgetAnalysis();
  return partial;
}

test('hidden characters typed in a method of a large class equal a fresh analysis at every keystroke', async () => {
  const engine = await loadEngine();
  const path = '/w/service.py';
  const doc = engine.openDocument(path, classWithHiddenCharacters(300));
  const before = engine.analyzeDocument(doc).findings.filter((f) => f.ruleId.startsWith('AIS82'));
  assert.ok(before.length >= 25, `the fixture has hidden-Unicode findings (${before.length})`);
  const lines = doc.text.split('\n');
  const method = lines.indexOf('    def call_16(self, payload):') + 1;
  let partial = 0;
  for (const statement of [`name = "ro${ZWSP}ot"`, `flag = "${ZWSP.repeat(3)}"`, `# ${RLO} reversed`]) partial += typeAt(engine, doc, path, method, statement, '        ');
  assert.ok(partial > 10, `most keystrokes stay incremental (${partial})`);
  const after = engine.analyzeDocument(doc).findings.filter((f) => f.ruleId.startsWith('AIS82'));
  assert.equal(after.length, before.length + 3, 'the typed hidden characters are found');
  doc.dispose();
});

test('install commands typed in a magic line of a notebook next to a large class equal a fresh analysis at every keystroke', async () => {
  const engine = await loadEngine();
  const path = '/w/notebook.ipynb';
  const cells = ['import os\n', '!pip install --index-url http://pypi.internal.invalid/simple torch\n', classWithHiddenCharacters(200), 'x = os.getcwd()\n'];
  const starts = cells.map((_, i) => cells.slice(0, i).join('').length);
  const doc = engine.openNotebookCode(path, cells.join(''), 'python', starts);
  const before = engine.analyzeDocument(doc).findings;
  assert.ok(before.some((f) => f.ruleId === 'AIS508'), 'the fixture has an install-command finding');
  const last = doc.text.split('\n').length - 2;
  typeAt(engine, doc, path, last, '!pip install --trusted-host example.com reqeusts', '');
  // An extra index is a finding only with packages installed elsewhere (the other cell's torch).
  typeAt(engine, doc, path, last + 1, '!pip install --extra-index-url https://pypi.internal.invalid/simple', '');
  const method = doc.text.split('\n').indexOf('    def call_40(self, payload):') + 1;
  const partial = typeAt(engine, doc, path, method, 'count = total + 1', '        ');
  assert.ok(partial > 5, `keystrokes in a method stay incremental (${partial})`);
  const findings = engine.analyzeDocument(doc).findings;
  assert.ok(findings.some((f) => f.ruleId === 'AIS510') && findings.some((f) => f.ruleId === 'AIS509'), 'the typed commands are found');
  doc.dispose();
});

test('the scans of the kept lines find inside every span exactly what the whole scan finds there', () => {
  const text = `!pip install --index-url http://pypi.internal.invalid/simple torch\n${classWithHiddenCharacters(60)}%pip install --trusted-host example.com reqeusts numpy\n`;
  const wholeRuns = scanHiddenUnicode(text);
  const wholeCommands = scanInstallCommands(text, 'magics');
  const starts = (m: ReturnType<typeof scanInstallCommands>): number[] => [...m.dependencies.map((d) => d.nameSpan.start), ...m.sources.map((s) => s.span.start), ...m.settings.map((s) => s.span.start)];
  assert.ok(wholeRuns.length >= 6 && starts(wholeCommands).length >= 4, 'the text has hidden runs and install commands');
  let checked = 0;
  for (let start = 0; start < text.length; start += 3) {
    const span: [number, number] = [start, Math.min(text.length, start + 25)];
    const inside = (at: number): boolean => at >= span[0] && at < span[1];
    const lines = focusLines(text, [span]);
    const runs = lines.flatMap(([from, to]) => scanHiddenUnicode(text, from, to));
    // Every run found is one of the whole scan's, and every run of the whole scan starting in the span is found.
    for (const run of runs) assert.ok(wholeRuns.some((w) => w.start === run.start && w.end === run.end), `a run at ${run.start} (span at ${start}) is the whole scan's`);
    assert.deepEqual(runs.filter((r) => inside(r.start)), wholeRuns.filter((r) => inside(r.start)), `hidden runs in the span at ${start}`);
    const commands = starts(scanInstallCommands(text, 'magics', lines)).filter(inside);
    assert.deepEqual(commands, starts(wholeCommands).filter(inside), `install commands in the span at ${start}`);
    checked += commands.length + runs.length;
  }
  assert.ok(checked > 50, `spans met findings (${checked})`);
});
