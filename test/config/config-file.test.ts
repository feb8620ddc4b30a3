/**
 * The pure configuration reader: `.aisec.toml` and `[tool.aisec]` text → validated configuration and
 * located errors; `configForPath` resolution with per-path overrides; exclude globs.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EMPTY_PROJECT_CONFIG, configForPath, formatConfigError, isExcludedPath, locateKey, parseConfigFile, parseSize } from '../../server/src/engine/config-file';
import { DEFAULT_CONFIG, type RuleMeta } from '../../server/src/engine/index';
import { ALL_RULES } from '../../server/src/rules/index';

const rules: readonly RuleMeta[] = ALL_RULES;

test('a full .aisec.toml is read with every key', () => {
  const text = [
    'select = ["deserialization", "AIS240"]',
    'extend-ignore = ["AIS108"]',
    'exclude = ["vendored", "**/*_pb2.py"]',
    'honour-nosec = false',
    'max-file-size = "4MB"',
    'max_model_file_size = 1048576',
    '',
    '[severity]',
    'unsafe-pickle-load = "warning"',
    'code-execution = "info"',
    '',
    '[secrets]',
    'entropy = 4.2',
    '',
    '[[overrides]]',
    'files = ["tests/**", "conftest.py"]',
    'ignore = ["deserialization"]',
    'severity = { AIS240 = "error" }',
  ].join('\n');
  const { config, errors } = parseConfigFile('.aisec.toml', text, { rules });
  assert.deepEqual(errors, []);
  assert.ok(config);
  assert.deepEqual(config.select, ['deserialization', 'AIS240']);
  assert.deepEqual(config.extendIgnore, ['AIS108']);
  assert.deepEqual(config.exclude, ['vendored', '**/*_pb2.py']);
  assert.equal(config.honourNosec, false);
  assert.equal(config.maxFileBytes, 4 * 1024 * 1024);
  assert.equal(config.maxModelFileBytes, 1048576);
  assert.deepEqual(config.severity, { 'unsafe-pickle-load': 'warning', 'code-execution': 'info' });
  assert.deepEqual(config.options, { secrets: { entropy: 4.2 } });
  assert.equal(config.overrides.length, 1);

  const src = configForPath(config, 'src/train.py');
  assert.deepEqual(src.select, ['deserialization', 'AIS240']);
  assert.deepEqual(src.ignore, ['AIS108']);
  assert.equal(src.honourNosec, false);
  assert.equal(src.maxFileBytes, 4 * 1024 * 1024);
  assert.deepEqual(src.options, { secrets: { entropy: 4.2 } });

  const testFile = configForPath(config, 'tests/unit/test_x.py');
  assert.deepEqual(testFile.ignore, ['AIS108', 'deserialization']);
  assert.equal(testFile.severity.AIS240, 'error');
  assert.deepEqual(configForPath(config, 'pkg/conftest.py').ignore, ['AIS108', 'deserialization'], 'a slash-free glob matches the file name at any depth');
});

test('[tool.aisec] in pyproject.toml; a pyproject without it holds no configuration', () => {
  const text = '[project]\nname = "demo"\n\n[tool.aisec]\nignore = ["secrets"]\n\n[tool.aisec.severity]\nAIS101 = "info"\n\n[tool.ruff]\nline-length = 100\n';
  const { config, errors } = parseConfigFile('pkg/pyproject.toml', text, { rules });
  assert.deepEqual(errors, []);
  assert.deepEqual(config?.ignore, ['secrets']);
  assert.deepEqual(config?.severity, { AIS101: 'info' });
  assert.deepEqual(parseConfigFile('pyproject.toml', '[project]\nname = "x"\n'), { config: undefined, errors: [] });
});

test('errors name the file, the line and the key, and the valid parts still apply', () => {
  const text = [
    '[project]', 'name = "demo"', '', '[tool.aisec]',
    'selct = ["AIS101"]', // line 5: unknown key
    'ignore = ["AIS9999", "unsafe-pickle-lod"]', // line 6: unknown rules
    'honour-nosec = "yes"', // line 7
    'max-file-size = -3', // line 8
    '', '[tool.aisec.severity]', 'AIS101 = "loud"', // line 11
    '', '[[tool.aisec.overrides]]', 'files = ["tests/**"]', 'ignores = ["x"]', // line 15
    '', '[[tool.aisec.overrides]]', 'select = ["AIS101"]', // line 18: no files
    '', '[tool.aisec.model-files]', 'max-depth = 3',
  ].join('\n');
  const { config, errors } = parseConfigFile('pyproject.toml', text, { rules });
  const located = errors.map((e) => `${e.line} ${e.key}`);
  assert.deepEqual(located, [
    '5 tool.aisec.selct',
    '6 tool.aisec.ignore',
    '6 tool.aisec.ignore',
    '7 tool.aisec.honour-nosec',
    '8 tool.aisec.max-file-size',
    '11 tool.aisec.severity.AIS101',
    '15 tool.aisec.overrides.0.ignores',
    '17 tool.aisec.overrides.1.files',
  ]);
  assert.match(errors[0]?.message ?? '', /unknown key "selct" \(did you mean "select"\?\)/);
  assert.match(errors[2]?.message ?? '', /did you mean "unsafe-pickle-load"/);
  assert.equal(formatConfigError(errors[0]!), 'pyproject.toml:5:1: tool.aisec.selct: unknown key "selct" (did you mean "select"?)');
  assert.equal(config?.overrides.length, 1, 'the valid override is kept');
  assert.deepEqual(config?.options, { 'model-files': { 'max-depth': 3 } });
});

test('TOML syntax errors are reported with line and column, never thrown', () => {
  const { config, errors } = parseConfigFile('.aisec.toml', 'select = ["AIS101"\nignore = []\n');
  assert.equal(config, undefined);
  assert.equal(errors.length, 1);
  assert.equal(errors[0]?.file, '.aisec.toml');
  assert.ok((errors[0]?.line ?? 0) >= 1);
  assert.match(errors[0]?.message ?? '', /^invalid TOML/);
  for (const hostile of ['\u0000\u0001', '[[[', 'a = { b = ', '"'.repeat(10000), 'x = [' + '['.repeat(5000)]) {
    assert.doesNotThrow(() => parseConfigFile('.aisec.toml', hostile));
  }
});

test('wrong value types are reported, not coerced', () => {
  const { errors } = parseConfigFile('.aisec.toml', 'select = 3\nexclude = [1]\nseverity = "error"\noverrides = { files = "x" }\nsecrets = true\n', { rules });
  assert.deepEqual(errors.map((e) => e.key), ['select', 'exclude', 'severity', 'overrides', 'secrets']);
  assert.ok(errors.every((e) => e.line >= 1 && e.line <= 5));
});

test('exclude globs match files and folders at any depth', () => {
  const globs = ['vendored', 'gen/**', '*.min.js', '/build-out/'];
  assert.equal(isExcludedPath(globs, 'vendored/a.py'), true);
  assert.equal(isExcludedPath(globs, 'src/vendored/deep/a.py'), true);
  assert.equal(isExcludedPath(globs, 'gen/x/y.py'), true);
  assert.equal(isExcludedPath(globs, 'web/app.min.js'), true);
  assert.equal(isExcludedPath(globs, 'build-out/x.js'), true);
  assert.equal(isExcludedPath(globs, 'src/app.js'), false);
  assert.equal(isExcludedPath([], 'anything'), false);
});

test('sizes, key location and defaults', () => {
  assert.equal(parseSize('512KB'), 512 * 1024);
  assert.equal(parseSize('1.5 MiB'), 1.5 * 1024 * 1024);
  assert.equal(parseSize(100), 100);
  assert.equal(parseSize('lots'), undefined);
  assert.equal(parseSize(0), undefined);
  assert.deepEqual(locateKey('a = 1\n[x]\nb = 2\n[x.y]\nc = 3\n', ['x', 'y', 'c']), { line: 5, column: 1 });
  assert.deepEqual(locateKey('x.y.c = 3\n', ['x', 'y', 'c']), { line: 1, column: 1 });
  const none = parseConfigFile('.aisec.toml', '', { rules });
  assert.deepEqual(none.errors, []);
  assert.deepEqual(configForPath(none.config!, 'a.py'), { ...DEFAULT_CONFIG, select: [], ignore: [], severity: {}, options: {} });
});

test('profile: "default" or "audit", carried to the engine with extend-select; anything else is a located error', () => {
  const good = parseConfigFile('pyproject.toml', '[tool.aisec]\nprofile = "Audit"\nextend-select = ["undeclared-import"]\n', { rules: ALL_RULES });
  assert.deepEqual(good.errors, []);
  const config = configForPath(good.config!, 'src/app.py');
  assert.equal(config.profile, 'audit');
  assert.deepEqual(config.extendSelect, ['undeclared-import']);
  assert.equal(configForPath(EMPTY_PROJECT_CONFIG, 'src/app.py').profile, undefined, 'no profile means the default one');
  const bad = parseConfigFile('.aisec.toml', 'select = ["AIS1"]\nprofile = 3\n', { rules: ALL_RULES });
  assert.deepEqual(bad.errors.map((e) => [e.line, e.key, e.message]), [[2, 'profile', 'profile must be "default" or "audit", not 3']]);
});

test('a glob with thousands of nested groups is a located error, not seconds of compiling (fuzz input #88405)', () => {
  const text = `[[overrides]]\nfiles = ["tests${'('.repeat(20_000)}/**"]\nignore = ["deserialization"]\n`;
  // Refused before picomatch compiles it (which took seconds for this glob).
  const { config, errors } = parseConfigFile('.aisec.toml', text);
  assert.equal(config?.overrides.length, 0);
  assert.match(errors.map((e) => `${e.line} ${e.key} ${e.message}`).join('\n'), /^2 overrides\.0\.files(\.0)? .*at most 1024 characters/m);
});

test('a glob ending in backslashes is a located error, not a picomatch call that never returns (fuzz inputs 41/15013, 41/41925)', () => {
  // TOML's "\\\\\\\\" is four backslashes; picomatch 4 loops forever on `tests/**` followed by them.
  const text = `[[overrides]]\nfiles = ["tests/**${'\\\\'.repeat(4)}", "docs/**"]\nignore = ["deserialization"]\n`;
  const { config, errors } = parseConfigFile('.aisec.toml', text);
  assert.deepEqual(config?.overrides[0]?.files, ['docs/**']);
  assert.match(errors.map((e) => `${e.line} ${e.key} ${e.message}`).join('\n'), /^2 overrides\.0\.files(\.0)? .*may not end with a backslash/m);
});
