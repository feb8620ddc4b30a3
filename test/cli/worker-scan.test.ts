/**
 * A scan on worker threads reports exactly what a scan in one thread reports. The workers share the main thread's
 * import closure (`import-closure-service.ts`) and send their outcomes in batches (`outcome-batcher.ts`), so the
 * generated project has model output crossing modules (the closure decides whether a file's walk may find one),
 * files that import no source at all, dependency look-alikes, and more files than fit in one batch per worker.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jsonOf, runCli } from './run-cli';

let dir = '';

const ASKS_MODEL = 'from openai import OpenAI\nclient = OpenAI()\n\ndef draft(task):\n    return client.chat.completions.create(model="m", messages=[{"role": "user", "content": task}]).choices[0].message.content\n';

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'aisec-worker-scan-'));
  writeFileSync(join(dir, 'pyproject.toml'), '[project]\nname = "generated"\ndependencies = ["reqeusts", "numpy"]\n');
  for (let p = 0; p < 6; p += 1) {
    const pkg = join(dir, `pkg${p}`);
    mkdirSync(pkg);
    writeFileSync(join(pkg, '__init__.py'), '');
    // Half the packages have a module that asks a model; their runners execute its answer from another module.
    if (p % 2 === 0) writeFileSync(join(pkg, 'llm.py'), ASKS_MODEL);
    writeFileSync(join(pkg, 'helpers.py'), 'def run_snippet(code):\n    exec(code)\n');
    for (let i = 0; i < 40; i += 1) {
      const body =
        i % 5 === 0 && p % 2 === 0
          ? `from .llm import draft\n\ndef go_${i}(task):\n    code = draft(task)\n    exec(code)\n`
          : i % 5 === 1
            ? `from .helpers import run_snippet\nfrom .m${i - 1} import *\n\ndef step_${i}(x):\n    return run_snippet(f"step {x}")\n`
            : i % 5 === 2
              ? `import pickle\nimport subprocess\n\ndef load_${i}(path, cmd):\n    subprocess.run(cmd, shell=True)\n    return pickle.load(open(path, "rb"))\n`
              : `import numpy as np\n\ndef value_${i}(x):\n    return np.sum(x) + ${i}\n`;
      writeFileSync(join(pkg, `m${i}.py`), body);
    }
  }
});

after(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const keys = (jobs: string): string[] => {
  const result = runCli(['scan', '.', '--format', 'json', '--fail-on', 'never', '--jobs', jobs], dir);
  assert.equal(result.status, 0, result.stderr);
  const report = jsonOf(result);
  return report.findings.map((f) => `${f.path}:${f.location.line}:${f.ruleId}:${f.severity}:${f.message}`).sort();
};

test('a scan on two workers reports what a scan in one thread reports, cross-module model output included', () => {
  const oneThread = keys('1');
  const workers = keys('2');
  assert.deepEqual(workers, oneThread);
  // The project is built so that the closure matters: model output reaches `exec` through two modules.
  assert.ok(oneThread.some((key) => /:AIS28\d:/.test(key)), oneThread.join('\n'));
  assert.ok(oneThread.length > 100, String(oneThread.length));
});
