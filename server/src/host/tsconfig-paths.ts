/**
 * `compilerOptions.paths` of a project's `tsconfig.json` (or `jsconfig.json`), so the caller index can follow an
 * import through a path alias (`import { gitShow } from "@utils/git"` with `"@utils/*": ["./src/utils/*"]`) to
 * the file it names, as TypeScript and the bundlers do. Only the nearest configuration above the importing file
 * counts (as `tsc` picks it), with relative `extends` followed a few steps; targets are relative to `baseUrl`, or
 * to the file that declares `paths` when there is none. The longest matching prefix wins, and its targets are
 * tried in order. Reading is the host's: the engine never sees these files.
 */
import { dirname, join, relative, resolve } from 'node:path';
import { parse, type ParseError } from 'jsonc-parser';

/** One `paths` entry: `@utils/*` is the prefix `@utils/` and the empty suffix; a pattern without `*` is exact. */
interface AliasPattern {
  prefix: string;
  suffix: string;
  wildcard: boolean;
  targets: string[];
}

export interface PathAliases {
  /** The folder the targets are relative to. */
  base: string;
  patterns: AliasPattern[];
}

/** What the resolver needs from the host: whether a file exists, and a configuration file's text. */
export interface AliasFiles {
  isFile(path: string): boolean;
  read(path: string): string | undefined;
}

const CONFIG_NAMES = ['tsconfig.json', 'jsconfig.json'];
const MAX_EXTENDS = 4;

/** The configuration file nearest above `from`, within `projectRoot`. */
export function nearestConfig(from: string, projectRoot: string, files: AliasFiles): string | undefined {
  for (let folder = dirname(from); ; folder = dirname(folder)) {
    if (relative(projectRoot, folder).startsWith('..')) return undefined;
    for (const name of CONFIG_NAMES) {
      const candidate = join(folder, name);
      if (files.isFile(candidate)) return candidate;
    }
    if (folder === projectRoot || dirname(folder) === folder) return undefined;
  }
}

/** The path aliases a configuration declares, itself or through the files it extends; undefined when none. */
export function readPathAliases(configFile: string, files: AliasFiles): PathAliases | undefined {
  const chain: string[] = [];
  for (let file: string | undefined = configFile; file && chain.length <= MAX_EXTENDS && !chain.includes(file); ) {
    chain.push(file);
    const parent: unknown = configObject(file, files)?.['extends'];
    // Only a relative `extends` names a file of this project; a package's shared configuration is not read.
    file = typeof parent === 'string' && parent.startsWith('.') ? resolve(dirname(file), parent.endsWith('.json') ? parent : `${parent}.json`) : undefined;
  }
  let paths: Record<string, unknown> | undefined;
  let pathsFolder = '';
  let baseUrl: string | undefined;
  // From the most distant parent to the file itself, so a nearer file's settings win.
  for (const file of chain.reverse()) {
    const options = configObject(file, files)?.['compilerOptions'];
    if (!isRecord(options)) continue;
    if (typeof options['baseUrl'] === 'string') baseUrl = resolve(dirname(file), options['baseUrl']);
    if (isRecord(options['paths'])) {
      paths = options['paths'];
      pathsFolder = dirname(file);
    }
  }
  if (!paths) return undefined;
  const patterns: AliasPattern[] = [];
  for (const [pattern, targets] of Object.entries(paths)) {
    if (!Array.isArray(targets)) continue;
    const star = pattern.indexOf('*');
    const strings = targets.filter((t): t is string => typeof t === 'string');
    patterns.push(star < 0 ? { prefix: pattern, suffix: '', wildcard: false, targets: strings } : { prefix: pattern.slice(0, star), suffix: pattern.slice(star + 1), wildcard: true, targets: strings });
  }
  return { base: baseUrl ?? pathsFolder, patterns };
}

/**
 * The file an aliased specifier names: `found` with the file, `none` when a pattern matched but no target exists
 * (the import may then be a package), or undefined when no pattern matches.
 */
export function resolveAlias(aliases: PathAliases, module: string, fileAt: (target: string) => string | undefined): { found: string } | 'none' | undefined {
  const matching = aliases.patterns
    .filter((p) => (p.wildcard ? module.length >= p.prefix.length + p.suffix.length && module.startsWith(p.prefix) && module.endsWith(p.suffix) : module === p.prefix))
    .sort((a, b) => b.prefix.length - a.prefix.length);
  const best = matching[0];
  if (!best) return undefined;
  const captured = best.wildcard ? module.slice(best.prefix.length, module.length - best.suffix.length) : '';
  for (const target of best.targets) {
    const found = fileAt(resolve(aliases.base, target.replace('*', captured)));
    if (found) return { found };
  }
  return 'none';
}

function configObject(file: string, files: AliasFiles): Record<string, unknown> | undefined {
  const text = files.read(file);
  if (text === undefined) return undefined;
  const errors: ParseError[] = [];
  const value: unknown = parse(text, errors, { allowTrailingComma: true });
  return isRecord(value) ? value : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * True when every specifier these aliases resolve takes the file's name from the specifier itself (no aliases,
 * or only wildcard targets whose last part starts with `*`, as `"@/*": ["src/*"]`), so an import of a file
 * always contains that file's name. An exact alias (`"@git": ["src/utils/git.ts"]`), or a wildcard target whose
 * last part is a fixed name (`config.ts` under the captured folder), does not.
 */
export function aliasesKeepFileNames(aliases: PathAliases | undefined): boolean {
  if (!aliases) return true;
  return aliases.patterns.every((p) => p.wildcard && p.targets.every((target) => (target.split('/').pop() ?? '').startsWith('*')));
}
