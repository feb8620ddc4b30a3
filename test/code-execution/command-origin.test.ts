/**
 * The shell rules set their severity from where a command's dynamic parts come from: the program's own
 * command-line arguments, environment and settings make an advisory (information, audit profile, editor
 * hint); a public function's parameter or a caller passing outside data stays an error; the program's own
 * temporary files and constants passed to a private helper are not reported.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { loadEngine } from '../../server/src/host/load-engine';
import { DEFAULT_CONFIG } from '../../server/src/engine/index';

const AUDIT = { ...DEFAULT_CONFIG, profile: 'audit' as const };
const FIXTURES = 'server/src/rules/code-execution/subprocess-shell-true/fixtures';

test('operator input is advisory information; outside data and unseen callers stay errors', async () => {
  const engine = await loadEngine();
  const text = readFileSync(`${FIXTURES}/bad-origin.py`, 'utf8');
  const audit = engine.analyze({ path: 'launch.py', text, config: AUDIT }).findings.filter((f) => f.ruleId === 'AIS203');
  assert.deepEqual(audit.map((f) => `${f.range.start.line + 1} ${f.severity} ${f.advisory ?? 'default'}`), [
    '19 info reported',
    '23 info reported',
    '24 info reported',
    '31 error default',
    '35 error default',
    '52 info reported',
    '57 error default',
    // A list of constants extended with request data (appended, or assigned into) holds the request data.
    '72 error default',
    '75 error default',
  ]);
  assert.match(audit[0]?.message ?? '', /command-line arguments/);
  const quiet = engine.analyze({ path: 'launch.py', text }).findings.filter((f) => f.ruleId === 'AIS203');
  assert.deepEqual(quiet.map((f) => f.range.start.line + 1), [31, 35, 57, 72, 75]);
});

test('own temporary files, own paths and constants passed to private or nested helpers are not reported', async () => {
  const engine = await loadEngine();
  const text = readFileSync(`${FIXTURES}/good-origin.py`, 'utf8');
  const findings = engine.analyze({ path: 'tools.py', text, config: AUDIT }).findings.filter((f) => ['AIS203', 'AIS204'].includes(f.ruleId));
  assert.deepEqual(findings, []);
});

test('a public function of a library module is not linked to its call sites in the file', async () => {
  const engine = await loadEngine();
  const text = 'import subprocess\n\n\ndef run(command):\n    subprocess.run(command, shell=True)\n\n\ndef status():\n    run("git status")\n';
  const findings = engine.analyze({ path: 'lib.py', text }).findings.filter((f) => f.ruleId === 'AIS203');
  assert.deepEqual(findings.map((f) => f.severity), ['error']);
});

const JS_FIXTURES = 'server/src/rules/code-execution/child-process-exec-non-literal/fixtures';

test('JavaScript: process.argv and process.env are advisory; outside callers and exported parameters stay errors', async () => {
  const engine = await loadEngine();
  const text = readFileSync(`${JS_FIXTURES}/bad-origin.ts`, 'utf8');
  const audit = engine.analyze({ path: 'git.ts', text, config: AUDIT }).findings.filter((f) => f.ruleId === 'AIS244');
  assert.deepEqual(audit.map((f) => `${f.range.start.line + 1} ${f.severity} ${f.advisory ?? 'default'}`), ['8 error default', '12 info reported', '21 error default', '28 info reported']);
  assert.match(audit[1]?.message ?? '', /command line and environment/);
  const shell = readFileSync('server/src/rules/code-execution/child-process-shell-option/fixtures/bad-origin.ts', 'utf8');
  const spawns = engine.analyze({ path: 'install.ts', text: shell, config: AUDIT }).findings.filter((f) => f.ruleId === 'AIS245');
  assert.deepEqual(spawns.map((f) => `${f.range.start.line + 1} ${f.severity} ${f.advisory ?? 'default'}`), ['6 info reported', '7 error default']);
});

test('JavaScript: constants passed to a helper the module does not export, and the own temporary folder, are not reported', async () => {
  const engine = await loadEngine();
  const text = readFileSync(`${JS_FIXTURES}/good-origin.ts`, 'utf8');
  assert.deepEqual(engine.analyze({ path: 'tools.ts', text, config: AUDIT }).findings.filter((f) => f.ruleId === 'AIS244'), []);
  const exported = text.replace('function hasTool', 'export function hasTool');
  assert.equal(engine.analyze({ path: 'tools.ts', text: exported }).findings.filter((f) => f.ruleId === 'AIS244').length, 2);
});

test('JS loop variables take the origin of the list they walk: the environment is advisory, a caller list or a reassigned variable stays an error', async () => {
  const engine = await loadEngine();
  const text = readFileSync('server/src/rules/code-execution/child-process-exec-non-literal/fixtures/bad-loop-origin.ts', 'utf8');
  const audit = engine.analyze({ path: 'find.ts', text, config: AUDIT }).findings.filter((f) => f.ruleId === 'AIS244');
  assert.deepEqual(audit.map((f) => `${f.range.start.line + 1} ${f.severity} ${f.advisory ?? 'default'}`), ['6 info reported', '15 error default', '21 error default']);
});

test('constructor parameters are graded by the calls that make the instances; subclasses, alternative constructors and overridden methods keep the error', async () => {
  const engine = await loadEngine();
  const text = readFileSync(`${FIXTURES}/bad-constructed.py`, 'utf8');
  const audit = engine.analyze({ path: 'project.py', text, config: AUDIT }).findings.filter((f) => f.ruleId === 'AIS203');
  assert.deepEqual(audit.map((f) => `${f.range.start.line + 1} ${f.severity} ${f.advisory ?? 'default'}`), [
    // `Project(args.project)`: the program's own option.
    '19 info reported',
    '27 error default',
    '35 error default',
    '51 error default',
    '60 error default',
    '75 error default',
    '76 error default',
  ]);
  const good = readFileSync(`${FIXTURES}/good-constructed.py`, 'utf8');
  assert.deepEqual(engine.analyze({ path: 'chain.py', text: good, config: AUDIT }).findings.filter((f) => f.ruleId === 'AIS203'), []);
});

test('AIS212: namespace keys from constants are not reported, keys from the operator are advisory, a request key stays a warning', async () => {
  const engine = await loadEngine();
  const folder = 'server/src/rules/code-execution/dynamic-globals-access/fixtures';
  const good = engine.analyze({ path: 'setup_cache.py', text: readFileSync(`${folder}/good-constant-keys.py`, 'utf8'), config: AUDIT }).findings.filter((f) => f.ruleId === 'AIS212');
  assert.deepEqual(good, []);
  const text = readFileSync(`${folder}/bad-operator-keys.py`, 'utf8');
  const audit = engine.analyze({ path: 'configurator.py', text, config: AUDIT }).findings.filter((f) => f.ruleId === 'AIS212');
  assert.deepEqual(audit.map((f) => `${f.range.start.line + 1} ${f.severity} ${f.advisory ?? 'default'}`), ['13 info reported', '15 info reported', '19 warning default']);
  const quiet = engine.analyze({ path: 'configurator.py', text }).findings.filter((f) => f.ruleId === 'AIS212');
  assert.deepEqual(quiet.map((f) => f.range.start.line + 1), [19]);
});

test('a slice has the origin of what is sliced and of its bounds', async () => {
  const engine = await loadEngine();
  const text = 'import subprocess\nimport sys\n\nname = sys.argv[1][2:]\nsubprocess.run("ls " + name, shell=True)\n\n\ndef run(request):\n    subprocess.run("ls " + request.text[2:], shell=True)\n';
  const audit = engine.analyze({ path: 'list.py', text, config: AUDIT }).findings.filter((f) => f.ruleId === 'AIS203');
  assert.deepEqual(audit.map((f) => `${f.range.start.line + 1} ${f.severity}`), ['5 info', '9 error']);
});

test('AIS205: own programs are not reported, the operator\'s program is advisory, a public function\'s parameter stays a warning', async () => {
  const engine = await loadEngine();
  const folder = 'server/src/rules/code-execution/os-exec-spawn-non-literal/fixtures';
  const good = engine.analyze({ path: 'supervisor.py', text: readFileSync(`${folder}/good-own-programs.py`, 'utf8'), config: AUDIT }).findings.filter((f) => f.ruleId === 'AIS205');
  assert.deepEqual(good, []);
  const text = readFileSync(`${folder}/bad-operator-programs.py`, 'utf8');
  const audit = engine.analyze({ path: 'launcher.py', text, config: AUDIT }).findings.filter((f) => f.ruleId === 'AIS205');
  assert.deepEqual(audit.map((f) => `${f.range.start.line + 1} ${f.severity} ${f.advisory ?? 'default'}`), ['15 info reported', '19 warning default']);
  assert.match(audit[0]?.message ?? '', /command-line arguments/);
});
