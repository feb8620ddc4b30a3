/**
 * Fuzz inputs that once hung the engine, replayed through the fuzz harness (each is rebuilt from its seed and
 * index by the mutator, so no generated blob is committed): every call must end within the budget plus the
 * harness's margin, and the canaries after it must still hold. The bound is on runaway work, not speed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatFailures, runFuzz } from '../fuzz/runner';

const REPLAYS: { seed: number; index: number; what: string }[] = [
  // Every declaration in an edited unit walked up its parent chain (each step a search from the root): 24 s.
  { seed: 2, index: 21320, what: 'a 243 KB Python document with a line repeated 2,586 times, edited' },
  // Every binding walked up its parent chain to look for an except clause, cubic over a deep error tree: 36 s.
  { seed: 2, index: 17128, what: 'a Python file with a half-written function repeated 2,867 times' },
  { seed: 2, index: 12387, what: 'a notebook with a half-written `with open(...)` line repeated 2,339 times' },
  { seed: 1, index: 19960, what: '40 KB of `x = 1 \\` line continuations in an edited document' },
  { seed: 1, index: 80560, what: 'line continuations in an edited document' },
  // An incremental analysis that spent the budget was followed by a full one, which spent it again: 5-7 s.
  { seed: 1, index: 4650, what: 'an edited 256 KB TypeScript document of nested templates and decorators' },
  { seed: 3, index: 11000, what: 'an edited 222 KB Python document' },
  { seed: 20, index: 1680, what: 'an edited Python document' },
  // Every constant name in a sink's argument walked every module-level statement for mutations again: 40 s.
  { seed: 4, index: 18224, what: 'Python with 1,539 `eval(_HANDLERS[name])` in one error node, line continuations and JSX-like text' },
  // A 20,000-character package name: the typosquat checks listed every one-character deletion of it, quadratic: 10-20 s.
  { seed: 31, index: 47092, what: 'a package-lock.json with 20,000 nested parentheses in a name' },
  { seed: 31, index: 19884, what: 'a poetry.lock with a 20,000-character line and nested f-strings' },
  { seed: 31, index: 9084, what: 'a package.json with backslashes and 10,000 nested braces' },
  // The tool-registration check matched `([\w$]+)\s*$` against each callee's whole text, quadratic: 10 s.
  { seed: 31, index: 67210, what: 'a 5 KB TypeScript file with 346 chained `template(code)` calls, then a typed token' },
  // Each of 1,415 configuration errors located its key by resolving every table header again, cubic: 10 s.
  { seed: 4, index: 87173, what: 'a 125 KB .aisec.toml with 1,415 [[overrides]] entries, each with an unknown key' },
  // picomatch 4 never returns from a glob with a slash that ends in four backslashes: stopped after 10 s.
  { seed: 41, index: 15013, what: 'an .aisec.toml override glob followed by 500 backslashes' },
  { seed: 41, index: 41925, what: 'an .aisec.toml with two runs of 500 backslashes' },
  // Each identifier of a parameter list asked for its ancestors (a search from the root per step): 61 s.
  { seed: 41, index: 23513, what: 'a JavaScript file with 100,000 characters of nested template literals in a parameter list' },
  // Each sink walked back through its block with previousNamedSibling (a search per step): 11 s.
  { seed: 41, index: 52145, what: 'an edited 256 KB JavaScript file with one statement repeated 1,560 times' },
  // A conda spec's expression split a 2,000-blank line ending in a carriage return in every way: 1 s, 10 s under load.
  { seed: 61, index: 3300, what: 'a conda requirements file with carriage-return line endings and 2,002 blanks inserted' },
  // Each `self.x.run(...)` sink walked its whole class for the assignments of `self.x`: 10-18 s.
  { seed: 51, index: 90808, what: 'a 131 KB Python class with `self.runner.run(...)` repeated 1,208 times' },
];

for (const { seed, index, what } of REPLAYS) {
  test(`fuzz input ${seed}/${index} (${what}) ends within its budget`, { timeout: 120_000 }, async () => {
    const report = await runFuzz({ seed, from: index, count: 1, canaryEvery: 1 });
    assert.equal(report.inputs, 1);
    assert.equal(report.failedTotal, 0, formatFailures(report));
  });
}
