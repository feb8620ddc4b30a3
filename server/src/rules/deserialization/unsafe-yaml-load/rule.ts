/**
 * AIS112 unsafe-yaml-load: PyYAML loading with a loader that builds arbitrary Python objects
 * (`!!python/object/apply:os.system`).
 */
import type { Node } from 'web-tree-sitter';
import type { Fix } from '../../../engine/finding';
import { defineRule, type AstContext } from '../../../engine/rule';
import { resolvedCalls } from '../../shared/python-calls';
import { unparenthesize } from '../../../engine/resolve/walk';
import { appendArgumentEdit, moduleReference, replaceNodeEdit } from '../../shared/python-edits';
import { sinkCombine } from '../../shared/sink-combine';
import { declaresPyyamlBefore54 } from './pyyaml-version';

/** Functions that take a `Loader` (keyword or positional index 1). */
const WITH_LOADER = new Set(['yaml.load', 'yaml.load_all']);
/** Functions that are unsafe whatever is passed, mapped to their safe counterpart. */
const ALWAYS_UNSAFE = new Map([
  ['yaml.unsafe_load', 'safe_load'],
  ['yaml.full_load', 'safe_load'],
  ['yaml.unsafe_load_all', 'safe_load_all'],
  ['yaml.full_load_all', 'safe_load_all'],
]);
const SAFE_LOADERS = new Set(['SafeLoader', 'CSafeLoader', 'BaseLoader', 'CBaseLoader']);
const UNSAFE_LOADERS = new Map([
  ['Loader', 'SafeLoader'],
  ['UnsafeLoader', 'SafeLoader'],
  ['FullLoader', 'SafeLoader'],
  ['CLoader', 'CSafeLoader'],
  ['CFullLoader', 'CSafeLoader'],
  ['CUnsafeLoader', 'CSafeLoader'],
]);

/** Loaders and functions that run code from tags only before PyYAML 5.4 (see `pyyaml-version.ts`). */
const FULL_LOADERS = new Set(['FullLoader', 'CFullLoader', 'yaml.full_load', 'yaml.full_load_all']);

type LoaderVerdict = { kind: 'safe' } | { kind: 'unsafe'; name: string } | { kind: 'unknown' };

export default defineRule(
  {
    id: 'AIS112',
    name: 'unsafe-yaml-load',
    title: 'YAML loaded with an unsafe loader',
    category: 'deserialization',
    fileKinds: ['python'],
    severity: 'error',
    confidence: 'high',
    cwe: ['CWE-502'],
    message: '`{{callee}}` {{why}}; YAML tags such as `!!python/object/apply` then run code. Use `yaml.safe_load`.',
    fixAvailability: 'sometimes',
    peers: { bandit: ['B506'], ruff: ['S506'] },
    docs: {
      whatItDoes: 'Flags PyYAML `yaml.load(...)` and `yaml.load_all(...)` without a `Loader` or with `Loader`, `UnsafeLoader`, `FullLoader`, `CLoader`, `CFullLoader` (keyword or second positional argument), and every call of `yaml.unsafe_load`, `yaml.full_load`, `yaml.unsafe_load_all` and `yaml.full_load_all`. `SafeLoader`, `CSafeLoader`, `BaseLoader`, `CBaseLoader`, a class derived only from them, and `safe_load` are not flagged. Aliases (`from yaml import load, CSafeLoader`) and names bound once (`LOADER = yaml.SafeLoader`) are resolved. The full loader (`FullLoader`, `CFullLoader`, `full_load`, `full_load_all`) ran code from `!!python/object/new` and `!!python/object/apply` tags only before PyYAML 5.4 (CVE-2020-14343); from 5.4 on it only names already-imported objects, so it is reported at the rule\'s severity only when the nearest requirements file or `pyproject.toml` holds PyYAML to an older release (`PyYAML==5.3.1`), and otherwise as advisory information (audit profile, an editor hint). Bandit misses `unsafe_load`, `full_load`, the `*_all` variants and from-imports.',
      whyIsThisBad: 'The full and unsafe loaders construct arbitrary Python objects from tags, so a YAML document can call `os.system` or `subprocess.Popen` while it is being parsed. Configuration files, model cards and dataset metadata are often fetched from elsewhere.',
      example: 'import yaml\n\nconfig = yaml.load(text, Loader=yaml.Loader)\nsettings = yaml.full_load(stream)\n',
      useInstead: 'import yaml\n\nconfig = yaml.safe_load(text)\nsettings = yaml.load(stream, Loader=yaml.CSafeLoader)\n',
      fixSafety: 'The fix switches to `yaml.safe_load` / `safe_load_all`, or sets the loader to `SafeLoader` (`CSafeLoader` for the C loaders). When the call names no loader it is safe: PyYAML 6 refuses such a call and 5.x warns about it, and plain YAML (mappings, lists, strings, numbers, dates) loads the same. When the author chose an unsafe function or loader (`unsafe_load`, `full_load`, `Loader=yaml.Loader`) it is unsafe: the program may rely on `!!python/*` tags or constructors registered on that loader.',
      references: ['https://cwe.mitre.org/data/definitions/502.html', 'https://pyyaml.org/wiki/PyYAMLDocumentation', 'https://github.com/yaml/pyyaml/wiki/PyYAML-yaml.load(input)-Deprecation'],
    },
  },
  {
    kind: 'ast',
    keywords: ['yaml'],
    onFile(ctx) {
      for (const { call, callee, qualified } of resolvedCalls(ctx)) {
        if (!callee || !qualified || !qualified.startsWith('yaml.')) continue;
        const safeName = ALWAYS_UNSAFE.get(qualified);
        if (safeName) {
          ctx.report({ ruleId: 'AIS112', combine: sinkCombine('the YAML loader builds Python objects'), range: ctx.rangeOfNode(call), data: { callee: callee.text, why: 'builds arbitrary Python objects' }, fixes: renameFix(ctx, callee, safeName, 'unsafe'), ...fullLoaderReport(ctx, qualified, callee.text) });
          continue;
        }
        if (!WITH_LOADER.has(qualified)) continue;
        checkLoad(ctx, call, callee, qualified);
      }
    },
  },
);

function checkLoad(ctx: AstContext, call: Node, callee: Node, qualified: string): void {
  const scope = ctx.python();
  const loader = scope.argument(call, 1, 'Loader');
  if (!loader) {
    // A Loader may be hidden in **kwargs; without one, PyYAML < 5.1 used the unsafe loader (>= 6 raises).
    const splat = scope.hasSplat(call);
    const safeName = qualified === 'yaml.load' ? 'safe_load' : 'safe_load_all';
    ctx.report({
      ruleId: 'AIS112', combine: sinkCombine('the YAML loader builds Python objects'),
      range: ctx.rangeOfNode(call),
      data: { callee: callee.text, why: 'is called without a safe `Loader`' },
      ...(splat ? { severity: 'warning' as const, confidence: 'low' as const } : {}),
      fixes: splat ? [] : missingLoaderFixes(ctx, call, callee, safeName),
    });
    return;
  }
  const verdict = loaderVerdict(ctx, loader, 0);
  if (verdict.kind === 'safe') return;
  if (verdict.kind === 'unsafe') {
    ctx.report({ ruleId: 'AIS112', combine: sinkCombine('the YAML loader builds Python objects'), range: ctx.rangeOfNode(call), data: { callee: callee.text, why: `is called with the unsafe \`${verdict.name}\`` }, fixes: loaderFixes(ctx, loader, verdict.name), ...fullLoaderReport(ctx, verdict.name, `${callee.text}\` with \`${verdict.name}`) });
    return;
  }
  ctx.report({ ruleId: 'AIS112', combine: sinkCombine('the YAML loader builds Python objects'), range: ctx.rangeOfNode(call), data: { callee: callee.text, why: 'is called with a `Loader` that is not known to be safe' }, severity: 'warning', confidence: 'low' });
}

/**
 * How a full loader is reported: it ran code from tags only before PyYAML 5.4, so unless the project's manifest
 * holds it to such a release the finding is an advisory (audit profile, an editor hint) saying so; the unsafe
 * loaders keep the rule's severity. `what` names the call (and loader) in the message.
 */
function fullLoaderReport(ctx: AstContext, name: string, what: string): { severity?: 'info'; confidence?: 'low'; advisory?: true; message?: string } {
  if (!FULL_LOADERS.has(name)) return {};
  if (declaresPyyamlBefore54(ctx)) {
    return { message: `\`${what}\` runs code from YAML tags such as \`!!python/object/new\` on the PyYAML release the project declares (before 5.4: CVE-2020-14343). Upgrade PyYAML and use \`yaml.safe_load\`.` };
  }
  return {
    severity: 'info', confidence: 'low', advisory: true,
    message: `\`${what}\` ran code from YAML tags such as \`!!python/object/new\` only before PyYAML 5.4 (CVE-2020-14343); from 5.4 on the full loader names already-imported objects without calling them, so this is advisory: use \`yaml.safe_load\` unless the documents need Python tags.`,
  };
}

/** Decides whether a `Loader` expression is one of PyYAML's safe loaders. */
function loaderVerdict(ctx: AstContext, input: Node, depth: number): LoaderVerdict {
  const node = unparenthesize(input);
  if (depth > 5) return { kind: 'unknown' };
  if (node.type === 'conditional_expression') {
    const branches = node.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment');
    const consequence = branches[0];
    const alternative = branches[2];
    if (!consequence || !alternative) return { kind: 'unknown' };
    const a = loaderVerdict(ctx, consequence, depth + 1);
    const b = loaderVerdict(ctx, alternative, depth + 1);
    if (a.kind === 'unsafe') return a;
    if (b.kind === 'unsafe') return b;
    return a.kind === 'safe' && b.kind === 'safe' ? { kind: 'safe' } : { kind: 'unknown' };
  }
  const value = ctx.python().literalValue(node);
  if (value?.kind === 'name') {
    const last = value.value.split('.').pop() ?? '';
    if (value.value.startsWith('yaml.') || value.value.startsWith('ruamel.yaml.')) {
      if (SAFE_LOADERS.has(last)) return { kind: 'safe' };
      if (UNSAFE_LOADERS.has(last)) return { kind: 'unsafe', name: last };
    }
    return { kind: 'unknown' };
  }
  if (value?.kind === 'none') return { kind: 'unsafe', name: 'None' };
  if (node.type === 'identifier') return classVerdict(ctx, node.text, depth);
  return { kind: 'unknown' };
}

/** A loader class defined in this file: safe when all of its bases are safe loaders. */
function classVerdict(ctx: AstContext, name: string, depth: number): LoaderVerdict {
  if (!ctx.text.includes(`class ${name}`)) return { kind: 'unknown' };
  for (const definition of ctx.root.descendantsOfType('class_definition')) {
    if (!definition || definition.childForFieldName('name')?.text !== name) continue;
    const bases = definition.childForFieldName('superclasses')?.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment' && c.type !== 'keyword_argument') ?? [];
    if (bases.length === 0) return { kind: 'unknown' };
    const verdicts = bases.map((b) => loaderVerdict(ctx, b, depth + 1));
    const unsafe = verdicts.find((v) => v.kind === 'unsafe');
    if (unsafe) return unsafe;
    return verdicts.every((v) => v.kind === 'safe') ? { kind: 'safe' } : { kind: 'unknown' };
  }
  return { kind: 'unknown' };
}

/**
 * Renames the call to its safe variant: `safe` when the author chose no loader (PyYAML 6 refuses such a call,
 * 5.x warns), `unsafe` when they chose an unsafe function (`unsafe_load`, `full_load`), perhaps for its tags.
 */
function renameFix(ctx: AstContext, callee: Node, safeName: string, applicability: 'safe' | 'unsafe'): Fix[] {
  if (callee.type !== 'attribute') return [];
  const attribute = callee.childForFieldName('attribute');
  if (!attribute) return [];
  return [{ title: `Use \`${safeName}\``, applicability, preferred: true, edits: [replaceNodeEdit(ctx, attribute, safeName)] }];
}

function missingLoaderFixes(ctx: AstContext, call: Node, callee: Node, safeName: string): Fix[] {
  const scope = ctx.python();
  // `yaml.load(x)` → `yaml.safe_load(x)` keeps the call short; other arguments would not fit safe_load.
  if (callee.type === 'attribute' && !scope.argument(call, 1, undefined)) return renameFix(ctx, callee, safeName, 'safe');
  const yaml = moduleReference(ctx, 'yaml');
  const edit = yaml ? appendArgumentEdit(ctx, call, `Loader=${yaml.name}.SafeLoader`) : undefined;
  return yaml && edit ? [{ title: 'Pass `Loader=yaml.SafeLoader`', applicability: 'safe', preferred: true, edits: [...yaml.edits, edit] }] : [];
}

/** Swaps an explicitly chosen unsafe loader: `unsafe`, since the author may rely on its Python tags or constructors. */
function loaderFixes(ctx: AstContext, loader: Node, unsafeName: string): Fix[] {
  const replacement = UNSAFE_LOADERS.get(unsafeName);
  if (!replacement) return [];
  const node = unparenthesize(loader);
  if (node.type === 'attribute') {
    const attribute = node.childForFieldName('attribute');
    if (attribute?.text !== unsafeName) return [];
    return [{ title: `Use \`${replacement}\``, applicability: 'unsafe', preferred: true, edits: [replaceNodeEdit(ctx, attribute, replacement)] }];
  }
  const yaml = moduleReference(ctx, 'yaml');
  // A loader class defined in this file may add constructors the program needs; only imported loaders are swapped.
  if (!yaml || node.type !== 'identifier' || ctx.python().literalValue(node)?.kind !== 'name') return [];
  return [{ title: `Use \`yaml.${replacement}\``, applicability: 'unsafe', preferred: true, edits: [...yaml.edits, replaceNodeEdit(ctx, node, `${yaml.name}.${replacement}`)] }];
}
