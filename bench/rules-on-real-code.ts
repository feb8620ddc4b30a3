/**
 * Precision check on real code (not a test): runs the engine over a folder of third-party sources (for
 * example `node_modules` or `bench/corpus`) and prints, for the selected rules, how many findings each
 * raised, the time spent, and every finding with its line, so a reviewer can judge each one.
 *
 *   npx tsx bench/rules-on-real-code.ts node_modules --rules AIS240,AIS241,AIS280 [--only]
 *
 * `--only` builds the engine with just the selected rules' modules, which also times them in isolation.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createEngine } from '../server/src/engine/index';
import { engineOptions } from '../server/src/host/load-engine';
import { ALL_MODULES } from '../server/src/rules/index';

const args = process.argv.slice(2);
const rulesArg = args.indexOf('--rules');
const selected = new Set(rulesArg >= 0 ? (args[rulesArg + 1] ?? '').split(',').filter(Boolean) : []);
const only = args.includes('--only');
const roots = args.filter((a, i) => !a.startsWith('--') && (rulesArg < 0 || i !== rulesArg + 1));
const SOURCE = /\.(?:c?js|mjs|ts|tsx|py)$/;
const MAX_BYTES = 3_000_000;

function* sourceFiles(dir: string): Generator<string> {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const path = join(dir, name);
    let size: number;
    let isDirectory: boolean;
    try {
      const stat = statSync(path);
      size = stat.size;
      isDirectory = stat.isDirectory();
    } catch {
      continue;
    }
    if (isDirectory) yield* sourceFiles(path);
    else if (SOURCE.test(name) && !name.endsWith('.d.ts') && size < MAX_BYTES) yield path;
  }
}

async function main(): Promise<void> {
  if (roots.length === 0) {
    console.error('usage: npx tsx bench/rules-on-real-code.ts <folder>... [--rules AIS240,AIS280] [--only]');
    process.exit(2);
  }
  const modules = only && selected.size > 0 ? ALL_MODULES.filter((m) => m.rules.some((r) => selected.has(r.id))) : ALL_MODULES;
  const engine = await createEngine(engineOptions(modules));
  const counts = new Map<string, number>();
  const lines: string[] = [];
  let files = 0;
  let bytes = 0;
  let failures = 0;
  const started = performance.now();
  for (const root of roots) {
    for (const path of sourceFiles(root)) {
      const text = readFileSync(path, 'utf8');
      files++;
      bytes += text.length;
      const result = engine.analyze({ path, text });
      for (const note of result.notes) {
        if (note.kind !== 'rule-failed') continue;
        failures++;
        console.error(`rule failed: ${note.message}`);
      }
      for (const finding of result.findings) {
        if (selected.size > 0 && !selected.has(finding.ruleId)) continue;
        counts.set(finding.ruleId, (counts.get(finding.ruleId) ?? 0) + 1);
        const source = (text.split('\n')[finding.range.start.line] ?? '').trim().slice(0, 140);
        lines.push(`${finding.ruleId} ${finding.severity}/${finding.confidence} ${path}:${finding.range.start.line + 1}  ${source}`);
      }
    }
  }
  const seconds = (performance.now() - started) / 1000;
  console.log(`${files} files, ${(bytes / 1e6).toFixed(1)} MB, ${seconds.toFixed(1)} s (${(bytes / 1e6 / seconds).toFixed(2)} MB/s), ${failures} rule failures`);
  for (const [id, n] of [...counts].sort()) console.log(`${id}: ${n}`);
  for (const line of lines) console.log(line);
}

void main();
