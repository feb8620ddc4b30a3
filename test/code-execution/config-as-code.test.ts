/**
 * `exec(open("configurator.py").read())` runs a file the project ships at a relative literal path
 * (configuration-as-code): advisory, reported only in the audit profile with a message that says so. A file
 * named at run time or by an absolute path stays reported by default, except a file named on the program's own
 * command line (`sys.argv`), which is configuration-as-code chosen by whoever runs it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadEngine } from '../../server/src/host/load-engine';
import { DEFAULT_CONFIG } from '../../server/src/engine/index';

const AUDIT = { ...DEFAULT_CONFIG, profile: 'audit' as const };
const CODE = 'import pathlib\n\n\ndef configure(config_file):\n    exec(open("configurator.py").read())\n    exec(pathlib.Path("settings.py").read_text())\n    exec(open(config_file).read())\n    exec(open("/tmp/settings.py").read())\n';

test('exec of a project file at a relative literal path is advisory; run-time and absolute paths are not', async () => {
  const engine = await loadEngine();
  const audit = engine.analyze({ path: 'train.py', text: CODE, config: AUDIT }).findings.filter((f) => f.ruleId === 'AIS202');
  assert.deepEqual(audit.map((f) => `${f.range.start.line + 1} ${f.severity} ${f.advisory ?? 'default'}`), ['5 warning reported', '6 warning reported', '7 error default', '8 error default']);
  assert.match(audit[0]?.message ?? '', /`configurator.py`, a file named by a relative literal path/);
  const quiet = engine.analyze({ path: 'train.py', text: CODE }).findings.filter((f) => f.ruleId === 'AIS202');
  assert.deepEqual(quiet.map((f) => f.range.start.line + 1), [7, 8]);
});

test('exec of a file named on the program\'s own command line (nanoGPT configurator.py) is advisory; input() or a request is not', async () => {
  const engine = await loadEngine();
  const text = 'import sys\n\nfor arg in sys.argv[1:]:\n    if "=" not in arg:\n        config_file = arg\n        exec(open(config_file).read())\nexec(open(sys.argv[2]).read())\nexec(open(input("config? ")).read())\n';
  const audit = engine.analyze({ path: 'configurator.py', text, config: AUDIT }).findings.filter((f) => f.ruleId === 'AIS202');
  assert.deepEqual(audit.map((f) => `${f.range.start.line + 1} ${f.severity} ${f.advisory ?? 'default'}`), ['6 warning reported', '7 warning reported', '8 error default']);
  assert.match(audit[0]?.message ?? '', /names on the program's own command line/);
});

test('exec of code regenerated with ast.unparse from a project file is advisory; a tree parsed from another value is not', async () => {
  const engine = await loadEngine();
  const text = 'import ast\n\n\ndef models(reply):\n    filename = "server/models/__init__.py"\n    with open(filename, "r") as f:\n        tree = ast.parse(f.read())\n    enum_def = [x for x in tree.body if isinstance(x, ast.ClassDef)][0]\n    exec(f"import enum\\n{ast.unparse(enum_def)}", {}, {})\n    exec(f"{ast.unparse(ast.parse(reply))}")\n    exec(f"{ast.unparse(enum_def)}\\n{reply}")\n    filename = "docs/models.md"\n';
  const audit = engine.analyze({ path: 'update_doc.py', text, config: AUDIT }).findings.filter((f) => f.ruleId === 'AIS202');
  assert.deepEqual(audit.map((f) => `${f.range.start.line + 1} ${f.severity} ${f.advisory ?? 'default'}`), ['9 warning reported', '10 error default', '11 error default']);
  assert.match(audit[0]?.message ?? '', /regenerated \(`ast.unparse`\) from `server\/models\/__init__.py`/);
});
