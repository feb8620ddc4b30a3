/**
 * AIS209 non-literal-import: `importlib.import_module(x)` / `__import__(x)` where `x` is not fixed in the code.
 */
import type { Node } from 'web-tree-sitter';
import { defineRule, type AstContext } from '../../../engine/rule';
import { unparenthesize } from '../../../engine/resolve/walk';
import { pythonCallsTo } from '../../shared/python-calls';
import { isBuiltFromConstants } from '../../shared/python-constants';
import { isLiteralStringArg, literalPrefix } from '../../shared/python-values';

const IMPORTERS = new Set(['importlib.import_module', 'builtins.__import__', 'importlib.__import__']);

export default defineRule(
  {
    id: 'AIS209',
    name: 'non-literal-import',
    title: 'Module imported by a name chosen at run time',
    category: 'code-execution',
    fileKinds: ['python'],
    severity: 'info',
    advisory: { findings: 'all', editor: 'hidden', reason: 'Plugin and lazy-loading code imports modules by computed names all the time; it matters only when the name comes from outside the program.' },
    confidence: 'low',
    cwe: ['CWE-94'],
    message: '`{{callee}}` imports a module whose name is chosen at run time; importing runs the module\'s code, so restrict the name to an allow-list.',
    fixAvailability: 'none',
    docs: {
      whatItDoes: 'Reports `importlib.import_module(name)` and `__import__(name)` when `name` is not a literal. Names confined to a package (a literal prefix ending in `.`, as in `f"myapp.plugins.{name}"`, or a relative name with a fixed `package=`) are not reported, nor are names from a constant mapping or checked against a constant collection or prefix (`if name in _BACKENDS: import_module(_BACKENDS[name])`, `if module.startswith("keras.src."):`). Other values built only from constants are not reported: formats of constants, an item of a constant mapping (`_LOOKUP[name]`), a class attribute holding a constant, a loop over constants, a command-line argument restricted by `choices=`, and a name that a guard on the way keeps among constants (`x if x in ("a", "b") else None`, `if name not in _ALLOWED: raise`).',
      whyIsThisBad: 'Importing a module executes it. When the module name comes from configuration, a request or a language model, an attacker can load any importable module, including ones with side effects on import, or a file they placed on `sys.path`.',
      example: 'import importlib\n\nplugin = importlib.import_module(config["plugin"])\n',
      useInstead: 'import importlib\n\nPLUGINS = {"csv": "myapp.plugins.csv", "json": "myapp.plugins.json"}\nplugin = importlib.import_module(PLUGINS[config["plugin"]])\n',
      references: ['https://cwe.mitre.org/data/definitions/94.html', 'https://docs.python.org/3/library/importlib.html#importlib.import_module'],
    },
  },
  {
    kind: 'ast',
    keywords: ['import_module', '__import__'],
    onFile(ctx) {
      const scope = ctx.python();
      for (const { call, callee } of pythonCallsTo(ctx, IMPORTERS)) {
        const name = scope.argument(call, 0, 'name');
        // A name from a constant mapping, or checked against constants or a package prefix, imports nothing an outsider chose.
        if (!name || isLiteralStringArg(ctx, name) || confinedToPackage(ctx, name) || isBuiltFromConstants(ctx, name, { prefixGuards: true })) continue;
        ctx.report({ ruleId: 'AIS209', range: ctx.rangeOfNode(call), data: { callee: callee.text } });
      }
    },
  },
);

/** True for `f"pkg.sub.{x}"`, `"pkg." + x`, `".{x}"`-style names whose fixed prefix confines the import to a package. */
function confinedToPackage(ctx: AstContext, node: Node): boolean {
  const prefix = literalPrefix(ctx, unparenthesize(node));
  return prefix !== undefined && prefix.length > 0 && (prefix.endsWith('.') || prefix.startsWith('.'));
}
