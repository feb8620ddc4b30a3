/**
 * Transitive dependencies in lockfiles are reported at their lockfile line with the chain of packages
 * that pulls them in, from the project's direct dependency (issue 16): in the message, as flow steps at
 * each package of the chain, and as the `dependencyPath` property. Direct dependencies carry no chain.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadEngine } from '../../server/src/host/load-engine';
import { createPackageIntel } from '../../server/src/intel/index';
import { parsePackageLock } from '../../server/src/engine/manifests/lockfiles';

const entry = (name: string, version: string, dependencies?: Record<string, string>): Record<string, unknown> => ({
  version,
  resolved: `https://registry.npmjs.org/${name}/-/${name}-${version}.tgz`,
  integrity: 'sha512-x',
  ...(dependencies ? { dependencies } : {}),
});

const LOCK = JSON.stringify({
  name: 'app',
  version: '1.0.0',
  lockfileVersion: 3,
  requires: true,
  packages: {
    '': { name: 'app', version: '1.0.0', dependencies: { express: '^4.18.0', debug: '^4.4.2' } },
    'node_modules/express': entry('express', '4.18.2', { 'body-parser': '1.20.1' }),
    'node_modules/body-parser': entry('body-parser', '1.20.1', { debug: '4.4.2' }),
    // Node resolves body-parser's `debug` to its own nested copy, not the project's top-level one.
    'node_modules/body-parser/node_modules/debug': entry('debug', '4.4.2'),
    'node_modules/debug': entry('debug', '4.4.2'),
  },
}, null, 2);

test('the chain from the direct dependency follows Node resolution', () => {
  const deps = parsePackageLock(LOCK).dependencies;
  const chain = (name: string, version: string, nth = 0): string[] | undefined => deps.filter((d) => d.name === name && d.pinned === version)[nth]?.via?.map((v) => v.name);
  assert.equal(chain('express', '4.18.2'), undefined, 'a direct dependency has no chain');
  assert.deepEqual(chain('body-parser', '1.20.1'), ['express']);
  assert.deepEqual(chain('debug', '4.4.2', 0), ['express', 'body-parser'], 'the nested copy');
  assert.equal(chain('debug', '4.4.2', 1), undefined, 'the top-level copy is the project\'s own');
});

test('a compromised transitive package is reported at its lockfile line with the path that pulls it in', async () => {
  const engine = await loadEngine();
  const result = engine.analyze({ path: '/p/package-lock.json', text: LOCK, ports: { intel: createPackageIntel({ online: false }), clock: { now: () => Date.parse('2026-12-06T00:00:00Z') } } });
  const compromised = result.findings.filter((f) => f.ruleId === 'AIS501');
  assert.equal(compromised.length, 2);
  const nested = compromised.find((f) => f.properties?.['dependencyPath']);
  const lines = LOCK.split('\n');
  // At the locked version of the nested copy (the line after its key).
  assert.match(lines[nested!.range.start.line - 1]!, /"node_modules\/body-parser\/node_modules\/debug"/);
  assert.match(nested!.message, /debug 4\.4\.2 is a known-compromised release.*\(pulled in by express → body-parser\)$/);
  assert.deepEqual(nested!.flow?.map((step) => [lines[step.range.start.line]!.trim().split(':')[0], step.message]), [['"node_modules/express"', 'express, a direct dependency'], ['"node_modules/body-parser"', 'body-parser, required by express']]);
  const direct = compromised.find((f) => !f.properties?.['dependencyPath']);
  assert.doesNotMatch(direct!.message, /pulled in by/);
});

const UV_LOCK = `version = 1
requires-python = ">=3.11"

[[package]]
name = "app"
version = "0.1.0"
source = { virtual = "." }
dependencies = [{ name = "fastapi" }]

[[package]]
name = "fastapi"
version = "0.115.0"
source = { registry = "https://pypi.org/simple" }
dependencies = [{ name = "Starlette" }]

[[package]]
name = "starlette"
version = "0.38.0"
source = { registry = "https://pypi.org/simple" }
dependencies = [{ name = "djangoo" }]

[[package]]
name = "djangoo"
version = "1.0.0"
source = { registry = "https://pypi.org/simple" }
`;

const POETRY_LOCK = `[[package]]
name = "requests"
version = "2.31.0"

[package.dependencies]
urllib3 = ">=1.21.1,<3"

[[package]]
name = "urllib3"
version = "2.0.0"

[package.dependencies]
djangoo = "*"

[[package]]
name = "djangoo"
version = "1.0.0"
`;

test('uv.lock and poetry.lock: the chain from the project\'s requirement (or, for Poetry, from a package nothing requires)', async () => {
  const engine = await loadEngine();
  const ports = { intel: createPackageIntel({ online: false }), clock: { now: () => Date.parse('2026-12-06T00:00:00Z') } };
  for (const [path, text, chain] of [['/p/uv.lock', UV_LOCK, 'fastapi → Starlette'], ['/p/poetry.lock', POETRY_LOCK, 'requests → urllib3']] as const) {
    const malicious = engine.analyze({ path, text, ports }).findings.find((f) => f.ruleId === 'AIS501');
    assert.match(malicious?.message ?? '', new RegExp(`^djangoo is a known-malicious PyPI package.*\\(pulled in by ${chain.replace(/[.]/g, '\\.').replace('Starlette', 'starlette')}\\)$`), `${path}: ${malicious?.message}`);
    assert.equal(text.split('\n')[malicious!.range.start.line], 'name = "djangoo"');
  }
});

const PIP_COMPILE = `#
# This file is autogenerated by pip-compile with Python 3.12
#
#    pip-compile requirements.in
#
certifi==2024.2.2
    # via requests
djangoo==1.0.0
    # via
    #   charset-normalizer
    #   urllib3
charset-normalizer==3.3.2
    # via requests
requests==2.31.0
    # via -r requirements.in
urllib3==2.2.1
    # via
    #   -r requirements.in
    #   requests
`;

test('pip-compile output: the chain follows the # via comments up to a -r requirement', async () => {
  const engine = await loadEngine();
  const ports = { intel: createPackageIntel({ online: false }), clock: { now: () => Date.parse('2026-12-06T00:00:00Z') } };
  const findings = engine.analyze({ path: '/p/requirements.txt', text: PIP_COMPILE, ports }).findings;
  const malicious = findings.find((f) => f.ruleId === 'AIS501');
  assert.match(malicious?.message ?? '', /^djangoo is a known-malicious PyPI package.*\(pulled in by urllib3\)$/, 'urllib3 is direct, so its chain is the shortest');
  assert.equal(PIP_COMPILE.split('\n')[malicious!.range.start.line], 'djangoo==1.0.0');
  assert.ok(!findings.some((f) => f.ruleId === 'AIS501' && f !== malicious));
});
