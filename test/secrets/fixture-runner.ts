/**
 * Runs the secrets fixtures: expands `{{secret:…}}` placeholders, analyses each file with the engine
 * and compares findings with the `expect:` annotations (or the `.expect` sidecar).
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Finding } from '../../server/src/engine/finding';
import { expandSecretPlaceholders } from './keygen';

export const FIXTURE_DIR = join(__dirname, '..', '..', 'server', 'src', 'rules', 'secrets', 'fixture-templates');

export interface Fixture {
  name: string;
  text: string;
  secrets: string[];
  /** `line: RULE` strings, 1-based lines. */
  expected: string[];
}

export function loadFixtures(): Fixture[] {
  return readdirSync(FIXTURE_DIR)
    .filter((f) => /^(?:bad|good)/.test(f) && f.endsWith('.tmpl'))
    .sort()
    .map((file) => {
      // `bad-x.py.tmpl` is analysed as `bad-x.py`; the suffix keeps templates out of type checks, lint and the shared runner.
      const name = file.slice(0, -'.tmpl'.length);
      const raw = readFileSync(join(FIXTURE_DIR, file), 'utf8');
      const { text, secrets } = expandSecretPlaceholders(raw);
      const sidecar = join(FIXTURE_DIR, `${name}.expect`);
      const expected = existsSync(sidecar)
        ? readFileSync(sidecar, 'utf8').split('\n').map((l) => l.trim()).filter((l) => l.length > 0)
        : annotations(text);
      return { name, text, secrets, expected };
    });
}

function annotations(text: string): string[] {
  const out: string[] = [];
  text.split('\n').forEach((line, i) => {
    const m = /expect(-next-line)?:\s*([A-Z0-9]+(?:\s*,\s*[A-Z0-9]+)*)/.exec(line);
    if (!m) return;
    for (const id of m[2]!.split(',')) out.push(`${i + 1 + (m[1] ? 1 : 0)}: ${id.trim()}`);
  });
  return out;
}

export function findingKeys(findings: readonly Finding[]): string[] {
  return findings.filter((f) => f.category === 'secrets').map((f) => `${f.range.start.line + 1}: ${f.ruleId}`);
}

/** Applies the edits of a fix that target the analysed file (edits to `.env` and `.gitignore` are the host's). */
export function applyInFileEdits(text: string, edits: Finding['fixes'][number]['edits']): string {
  const offsets = lineOffsets(text);
  const toOffset = (p: { line: number; column: number }): number => (offsets[p.line] ?? text.length) + p.column;
  const local = edits.filter((e) => e.file === undefined).map((e) => ({ start: toOffset(e.range.start), end: toOffset(e.range.end), text: e.newText }));
  local.sort((a, b) => b.start - a.start || b.end - a.end);
  let out = text;
  for (const e of local) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}

function lineOffsets(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  return starts;
}
