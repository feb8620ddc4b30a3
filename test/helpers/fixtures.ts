/**
 * Reads rule fixtures and their expectations. A bad fixture marks each offending line with a comment
 * `expect: AIS101` (or `expect: AIS101, AIS102`), or the line above with `expect-next-line: AIS101`;
 * files without comments use a sidecar `<name>.expect` holding `<1-based line>: AIS101` lines.
 *
 * A file that a tool reads only under its own name and folder (`.vscode/mcp.json`, `.github/workflows/ci.yml`)
 * lives in a folder named `bad-<case>/` or `good-<case>/` under `fixtures/`: every file in it is a fixture of
 * that kind, and the folder is its project root.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

export interface Fixture {
  /** Absolute path. */
  path: string;
  /** Path relative to server/src/rules. */
  relativePath: string;
  /** The family folder (equals the rule category). */
  family: string;
  kind: 'bad' | 'good';
}

export interface Expectation {
  line: number;
  ruleId: string;
}

export const RULES_ROOT = join(__dirname, '..', '..', 'server', 'src', 'rules');

/** Every fixture file under server/src/rules, sorted. */
export function listFixtures(): Fixture[] {
  const out: Fixture[] = [];
  const walk = (dir: string, insideFixtures: boolean, folderKind: Fixture['kind'] | undefined): void => {
    for (const name of readdirSync(dir).sort()) {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) {
        walk(full, insideFixtures || name === 'fixtures', folderKind ?? (insideFixtures ? kindOfName(name) : undefined));
        continue;
      }
      if (!insideFixtures || name.endsWith('.expect')) continue;
      const kind = folderKind ?? kindOfName(name);
      if (!kind) continue;
      const relativePath = relative(RULES_ROOT, full);
      out.push({ path: full, relativePath, family: relativePath.split(sep)[0], kind });
    }
  };
  walk(RULES_ROOT, false, undefined);
  return out;
}

function kindOfName(name: string): Fixture['kind'] | undefined {
  return name.startsWith('bad') ? 'bad' : name.startsWith('good') ? 'good' : undefined;
}

const INLINE = /expect(-next-line)?:\s*((?:AIS\d+)(?:\s*,\s*AIS\d+)*)/g;

/** The expected findings of a fixture (1-based lines). */
export function expectationsOf(fixture: Fixture, text: string | undefined): Expectation[] {
  const sidecar = `${fixture.path}.expect`;
  if (existsSync(sidecar)) {
    return readFileSync(sidecar, 'utf8')
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#'))
      .flatMap((l) => {
        const m = /^(\d+|file)\s*:\s*(.+)$/.exec(l);
        if (!m) throw new Error(`${sidecar}: cannot read expectation line "${l}"`);
        const line = m[1] === 'file' ? 1 : Number(m[1]);
        return m[2].split(',').map((id) => ({ line, ruleId: id.trim() }));
      });
  }
  if (text === undefined) return [];
  const out: Expectation[] = [];
  text.split(/\r\n|\r|\n/).forEach((lineText, i) => {
    for (const m of lineText.matchAll(INLINE)) {
      const line = m[1] ? i + 2 : i + 1;
      for (const id of m[2].split(',')) out.push({ line, ruleId: id.trim() });
    }
  });
  return out;
}

/** Missing and Extra between expected and actual (multisets of "line:rule"). */
export function compareExpectations(expected: Expectation[], actual: Expectation[]): { missing: string[]; extra: string[] } {
  const key = (e: Expectation): string => `${e.line}: ${e.ruleId}`;
  const remaining = new Map<string, number>();
  for (const e of expected) remaining.set(key(e), (remaining.get(key(e)) ?? 0) + 1);
  const extra: string[] = [];
  for (const a of actual) {
    const k = key(a);
    const n = remaining.get(k) ?? 0;
    if (n > 0) remaining.set(k, n - 1);
    else extra.push(k);
  }
  const missing: string[] = [];
  for (const [k, n] of remaining) for (let i = 0; i < n; i++) missing.push(k);
  return { missing: missing.sort(), extra: extra.sort() };
}
