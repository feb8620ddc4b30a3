/**
 * `aisec fix` while someone else edits the file: the edits are computed on the exact bytes they are applied
 * to, and a file that changes after that is left as the other writer made it, with a note. Runs `runFix`
 * in this process with the real engine, whose `analyze` also plays the other writer at a chosen moment.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseScanArgs } from '../../server/src/cli/args';
import { runFix } from '../../server/src/cli/run-fix';
import type { CliIo } from '../../server/src/cli/run-scan';
import type { AnalysisResult, AnalyzeInput, Engine } from '../../server/src/engine/index';
import { loadEngine } from '../../server/src/host/load-engine';
import { ALL_RULES } from '../../server/src/rules/index';

const ORIGINAL = 'import yaml\ndef f(t):\n    return yaml.load(t)\n';
// The user's edit puts a string where the scan's finding was: stale offsets would land inside it.
const EDITED = 'import yaml\ndef f(t):\n    note = "a string that is longer than the call"\n    return yaml.load(t)\n';
const folders: string[] = [];

after(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

/**
 * Runs `aisec fix app.py` with an engine that calls `onAnalyze` after each analysis of app.py (it may also
 * change the result, as a cut-short analysis would).
 */
async function fixWhile(onAnalyze: (text: string, count: number, file: string, result: AnalysisResult) => void): Promise<{ file: string; lines: string[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'aisec-fix-concurrent-'));
  folders.push(dir);
  const file = join(dir, 'app.py');
  writeFileSync(file, ORIGINAL);
  const real = await loadEngine();
  let count = 0;
  const engine = new Proxy(real, {
    get(target, property) {
      if (property === 'analyze') {
        return (input: AnalyzeInput) => {
          const result = target.analyze(input);
          if (input.path === 'app.py') onAnalyze(input.text, ++count, file, result);
          return result;
        };
      }
      const value: unknown = Reflect.get(target, property);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
  const io: CliIo = { cwd: dir, stdout: () => undefined, stderr: () => undefined, stderrIsTty: false };
  const { lines } = await runFix(parseScanArgs(['app.py'], false), io, ALL_RULES, () => Promise.resolve(engine as Engine));
  return { file, lines };
}

test('a file edited between the scan and the fix gets edits computed on its new content', async () => {
  const { file, lines } = await fixWhile((_text, count, path) => {
    if (count === 1) writeFileSync(path, EDITED);
  });
  assert.equal(readFileSync(file, 'utf8'), EDITED.replace('yaml.load', 'yaml.safe_load'));
  assert.match(lines.join('\n'), /^Fixed 1 finding in 1 file/m);
});

test('a file edited after its fix was computed is left as the other writer made it, with a note', async () => {
  let edited = false;
  const { file, lines } = await fixWhile((text, _count, path) => {
    // The fixed text is analysed once more before it is written: the user saves their edit just then.
    if (!edited && text.includes('safe_load')) {
      edited = true;
      writeFileSync(path, EDITED);
    }
  });
  assert.equal(readFileSync(file, 'utf8'), EDITED);
  assert.match(lines.join('\n'), /^Refused to fix app\.py: the file changed on disk while AISec was fixing it; nothing was written$/m);
});

test('a fixed file whose new analysis was cut short is not written, since the fix cannot be proved', async () => {
  const { file, lines } = await fixWhile((text, _count, _path, result) => {
    if (text.includes('safe_load')) result.notes.push({ kind: 'rule-failed', message: 'rule unsafe-yaml-load failed: injected', ruleId: 'AIS112' });
  });
  assert.equal(readFileSync(file, 'utf8'), ORIGINAL);
  assert.match(lines.join('\n'), /^Refused to fix app\.py: the fixed code could not be fully analysed again \(rule unsafe-yaml-load failed: injected\), so the fix cannot be proved; nothing was written$/m);
});
