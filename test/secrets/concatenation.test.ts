/**
 * Keys split across joined string literals are reassembled: `+` in Python and JS/TS, implicit concatenation in
 * Python, across lines; a key inside one literal is reported once, and joins that are not plain literals
 * (repetition, variables, interpolation) or that make no distinctive key are not reported.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { secretsEngine } from './engine';
import { generateKey } from './keygen';
import type { Finding } from '../../server/src/engine/index';

const OPENAI = generateKey('openai', 0, 9201);
const GITHUB = generateKey('github', 0, 9202);

async function findings(path: string, text: string): Promise<Finding[]> {
  return (await secretsEngine()).analyze({ path, text }).findings;
}

test('a key split across literals joined with + or by adjacency is one finding over the whole join', async () => {
  const cases: Record<string, string> = {
    'a.py': `client = OpenAI(api_key="sk-" + "${OPENAI.slice(3, 60)}" + "${OPENAI.slice(60)}")\n`,
    'b.py': `TOKEN = (\n    "${GITHUB.slice(0, 10)}"\n    "${GITHUB.slice(10)}"\n)\n`,
    'c.ts': `const openai = new OpenAI({\n  apiKey: 'sk-proj-' +\n    '${OPENAI.slice(8)}',\n});\n`,
    'd.js': `const token = \`${GITHUB.slice(0, 20)}\` + "${GITHUB.slice(20)}";\n`,
  };
  for (const [path, text] of Object.entries(cases)) {
    const found = await findings(path, text);
    assert.equal(found.length, 1, `${path}: ${found.map((f) => `${f.ruleId} ${f.message}`).join('\n')}`);
    const [finding] = found;
    assert.equal(finding!.ruleId, path.startsWith('b') || path.startsWith('d') ? 'AIS444' : 'AIS400', path);
    assert.match(finding!.message, /assembled from string literals joined in the code/, path);
    const firstQuote = Math.min(...['"', "'", '`'].map((q) => text.indexOf(q)).filter((i) => i >= 0));
    assert.equal(finding!.range.start.line, text.slice(0, firstQuote).split('\n').length - 1, path);
    assert.equal(finding!.properties?.secretHash, (await findings('e.env', `KEY=${path.startsWith('b') || path.startsWith('d') ? GITHUB : OPENAI}\n`))[0]!.properties?.secretHash, `${path}: the hash of the whole key`);
  }
});

test('joins that do not make a key: one-literal keys once, repetition, variables, interpolation, JS adjacency', async () => {
  // The key is whole in the first literal: reported once, by the plain scan.
  const whole = await findings('w.py', `TOKEN = "${GITHUB}" + "\\n"\n`);
  assert.deepEqual(whole.map((f) => [f.ruleId, /assembled/.test(f.message)]), [['AIS444', false]]);
  assert.deepEqual(await findings('r.py', 'KEY = "sk-" + "a" * 48\n'), []);
  assert.deepEqual(await findings('v.ts', `const key = "sk-proj-" + suffix + "${OPENAI.slice(40)}";\n`), []);
  assert.deepEqual(await findings('i.ts', `const key = \`sk-proj-\${part}\` + "${OPENAI.slice(8)}";\n`), []);
  assert.deepEqual(await findings('j.ts', `const parts = ["${GITHUB.slice(0, 10)}", "${GITHUB.slice(10)}"];\n`), []);
});

test('template literals: text and substituted literals are joined; a `+` of templates too', async () => {
  const cases: Record<string, [string, 'AIS444' | 'AIS400']> = {
    'a.ts': [`const token = \`${GITHUB.slice(0, 10)}\${'${GITHUB.slice(10, 24)}'}${GITHUB.slice(24)}\`;\n`, 'AIS444'],
    'b.js': [`const openai = new OpenAI({ apiKey: \`sk-proj-\${ "${OPENAI.slice(8, 70)}" }\${\`${OPENAI.slice(70)}\`}\` });\n`, 'AIS400'],
    'c.tsx': [`const url = \`\${base}/${GITHUB.slice(0, 12)}\` +\n  \`${GITHUB.slice(12)}\${suffix}\`;\n`, 'AIS444'],
    'd.mjs': [`export const token = \`\n${GITHUB.slice(0, 8)}\${''}${GITHUB.slice(8)}\`.trim();\n`, 'AIS444'],
  };
  const githubHash = (await findings('e.env', `KEY=${GITHUB}\n`))[0]!.properties?.secretHash;
  const openaiHash = (await findings('e.env', `KEY=${OPENAI}\n`))[0]!.properties?.secretHash;
  for (const [path, [text, ruleId]] of Object.entries(cases)) {
    const found = await findings(path, text);
    assert.deepEqual(found.map((f) => f.ruleId), [ruleId], `${path}: ${found.map((f) => f.message).join('\n')}`);
    assert.match(found[0]!.message, /assembled from string literals joined in the code/, path);
    assert.equal(found[0]!.properties?.secretHash, ruleId === 'AIS444' ? githubHash : openaiHash, `${path}: the hash of the whole key`);
    // The range starts at the piece that holds the key's start: the template's opening quote, or the text after a substitution.
    const pieceStart = path === 'c.tsx' ? text.indexOf('/') : text.indexOf('`');
    assert.equal(found[0]!.range.start.column, pieceStart - text.lastIndexOf('\n', pieceStart) - 1, path);
  }
});

test('template literals that do not make a key: unknown substitutions break the join, prose, Python braces', async () => {
  // A substitution whose value is unknown sits between the parts.
  assert.deepEqual(await findings('a.ts', `const key = \`${GITHUB.slice(0, 10)}\${part}\${'${GITHUB.slice(10)}'}\`;\n`), []);
  assert.deepEqual(await findings('b.ts', `const key = \`sk-proj-\${await load('${OPENAI.slice(8, 40)}')}${OPENAI.slice(40)}\`;\n`), []);
  // Prose with substituted words, and a key whole inside one piece (reported once, by the plain scan).
  assert.deepEqual(await findings('c.ts', "const message = `Could not ${'connect'} to ${'the server'}, retrying`;\n"), []);
  const whole = await findings('d.ts', `const token = \`${GITHUB}\${'\\n'}\`;\n`);
  assert.deepEqual(whole.map((f) => [f.ruleId, /assembled/.test(f.message)]), [['AIS444', false]]);
  // `${` is not a template substitution in Python.
  assert.deepEqual(await findings('e.py', `TEMPLATE = "${GITHUB.slice(0, 10)}\${'${GITHUB.slice(10)}'}"\n`), []);
  // Templates nested past the bound and unclosed substitutions are left alone, without throwing.
  assert.deepEqual(await findings('f.ts', `const t = \`\${\`\${\`\${\`\${\`\${'${GITHUB.slice(0, 10)}'}\`}\`}\`}\`}${GITHUB.slice(10)}\`;\n`), []);
  assert.deepEqual(await findings('g.ts', `const t = \`${GITHUB.slice(0, 10)}\${'${GITHUB.slice(10)}'\n`), []);
});
