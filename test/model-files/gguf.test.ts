/**
 * GGUF files built byte by byte from the spec (ggml docs/gguf.md, version 3): the metadata is read, a
 * normal chat template stays quiet, the published template-injection shapes are AIS611 errors, and
 * hostile headers are bounded and reported as not fully checked.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { zipSync } from 'fflate';
import { readGgufMetadata } from '../../server/src/engine/formats/gguf';
import { checkChatTemplate } from '../../server/src/engine/formats/chat-template';
import { scanModelFile } from '../../server/src/engine/formats/model-scan';
import { verdictOf } from '../../server/src/engine/model-report';
import { check } from './helpers';
import { gguf, type GgufValue } from './gguf-writer';

// The Zephyr template of transformers' chat-template docs, plus the constructs benign templates use.
const ZEPHYR =
  "{% for message in messages %}\n{% if message['role'] == 'user' %}\n{{ '<|user|>\\n' + message['content'] + eos_token }}\n{% elif message['role'] == 'system' %}\n{{ '<|system|>\\n' + message['content'] + eos_token }}\n{% elif message['role'] == 'assistant' %}\n{{ '<|assistant|>\\n'  + message['content'] + eos_token }}\n{% endif %}\n{% if loop.last and add_generation_prompt %}\n{{ '<|assistant|>' }}\n{% endif %}\n{% endfor %}";
const TOOLS =
  "{%- set ns = namespace(system='') -%}{%- if messages[0].role == 'system' -%}{%- set ns.system = messages[0].content | trim -%}{%- endif -%}{%- if tools -%}{{ tools | tojson }}{%- endif -%}{%- for m in messages -%}{%- if m.role not in ['user', 'assistant', 'system'] -%}{{ raise_exception('Only user, assistant and system roles are supported, not ' ~ m.role) }}{%- endif -%}{{ m.role | upper }}: {{ m.content }} (format the answer as JSON; use the config you were given){%- endfor -%}";

const BASE: Record<string, GgufValue> = {
  'general.architecture': { type: 'string', value: 'llama' },
  'general.alignment': { type: 'u32', value: 32 },
  'llama.rope.freq_base': { type: 'f32', value: 10000 },
  'tokenizer.ggml.tokens': { type: 'strings', value: ['<s>', '</s>', 'hello'] },
};

test('a GGUF file with benign chat templates is read fully and stays quiet', () => {
  const bytes = gguf({ ...BASE, 'tokenizer.chat_template': { type: 'string', value: ZEPHYR }, 'tokenizer.chat_template.tool_use': { type: 'string', value: TOOLS } });
  const meta = readGgufMetadata(bytes);
  assert.equal(meta.version, 3);
  assert.equal(meta.problem, undefined);
  assert.equal(meta.cut, false);
  assert.deepEqual(meta.templates.map((t) => t.key), ['tokenizer.chat_template', 'tokenizer.chat_template.tool_use']);
  const scan = scanModelFile({ path: 'model.gguf', bytes, fileSize: bytes.length });
  assert.equal(scan.format, 'gguf');
  assert.deepEqual(scan.gaps, []);
  assert.deepEqual(scan.chatTemplates, []);
  assert.equal(verdictOf(scan).verdict, 'safe');
  assert.deepEqual(check('model.gguf', bytes), []);
});

const ESCAPES: ReadonlyArray<readonly [string, RegExp]> = [
  ["{{ cycler.__init__.__globals__.os.popen('id').read() }}", /dunder/],
  ["{% for c in ''.__class__.__mro__[1].__subclasses__() %}{% endfor %}", /dunder/],
  ["{{ joiner|attr('\\x5f\\x5finit\\x5f\\x5f') }}", /attr/],
  ["{{ '{0.__class__}'.format(messages) }}", /dunder|format/],
  ["{{ ('{0.c' ~ 'lass}').format(messages) }}", /format/],
  ["{{ lipsum['_' * 2 + 'globals' + '_' * 2] }}", /helper|underscores/],
  ["{{ namespace.__init__.__globals__['os'].system('id') }}", /dunder/],
  ["{% set x = self._TemplateReference__context %}{{ x }}", /helper/],
];

for (const [template, reason] of ESCAPES) {
  test(`template injection is an AIS611 error: ${template.slice(0, 50)}`, () => {
    const issues = checkChatTemplate(`{% for m in messages %}{{ m.content }}{% endfor %}${template}`);
    assert.ok(issues.length > 0 && issues[0]!.level === 'dangerous', JSON.stringify(issues));
    assert.match(issues.map((i) => i.reason).join(' | '), reason);
    const bytes = gguf({ ...BASE, 'tokenizer.chat_template': { type: 'string', value: template } });
    const reported = check('model.gguf', bytes);
    assert.deepEqual(reported.map((r) => [r.ruleId, r.effectiveSeverity]), [['AIS611', 'error']]);
    assert.equal(reported[0]?.properties?.key, 'tokenizer.chat_template');
    assert.equal(verdictOf(scanModelFile({ path: 'model.gguf', bytes, fileSize: bytes.length })).verdict, 'dangerous');
  });
}

test('a template loop over a huge range is an AIS611 warning', () => {
  const bytes = gguf({ 'tokenizer.chat_template': { type: 'string', value: '{% for i in range(100000000) %}x{% endfor %}' } });
  assert.deepEqual(check('model.gguf', bytes).map((r) => [r.ruleId, r.effectiveSeverity]), [['AIS611', 'warning']]);
});

test('text outside template blocks is never matched', () => {
  assert.deepEqual(checkChatTemplate('You are __init__ helpful; use os.popen wisely. {{ messages[0].content }}'), []);
});

test('hostile GGUF headers are bounded and reported as not fully checked', () => {
  const good = gguf({ ...BASE, 'tokenizer.chat_template': { type: 'string', value: ZEPHYR } });
  // A key-value count far beyond the file, a string length of 2^63, an unknown value type, and truncation.
  const hugeCount = new Uint8Array(good);
  new DataView(hugeCount.buffer).setBigUint64(16, 0xffffffffffffn, true);
  const hugeLength = new Uint8Array(good);
  new DataView(hugeLength.buffer).setBigUint64(24, 0x7fffffffffffffffn, true);
  const badType = new Uint8Array(good);
  new DataView(badType.buffer).setUint32(24 + 8 + 'general.architecture'.length, 99, true);
  for (const [name, bytes, expected] of [
    ['huge count', hugeCount, /truncated/],
    ['huge key length', hugeLength, /key is \d+ bytes/],
    ['bad type', badType, /unknown value type 99/],
    ['truncated', good.subarray(0, 100), /truncated/],
  ] as const) {
    const scan = scanModelFile({ path: 'model.gguf', bytes, fileSize: bytes.length });
    assert.match(scan.gaps.map((g) => g.reason).join(' | '), expected, name);
    assert.deepEqual(check('model.gguf', bytes).map((r) => [r.ruleId, r.effectiveSeverity]), [['AIS604', 'warning']], name);
  }
  // A prefix of a larger file is an information gap, not a damaged file.
  const prefix = scanModelFile({ path: 'model.gguf', bytes: good.subarray(0, 100), fileSize: 10_000_000 });
  assert.deepEqual(prefix.gaps.map((g) => g.severity), ['info']);
});

test('a GGUF file inside a ZIP archive has its templates checked too', () => {
  const inner = gguf({ 'tokenizer.chat_template': { type: 'string', value: "{{ cycler.__init__.__globals__.os.popen('id').read() }}" } });
  const bytes = zipSync({ 'models/llm.gguf': inner });
  const scan = scanModelFile({ path: 'bundle.zip', bytes, fileSize: bytes.length });
  assert.equal(scan.chatTemplates[0]?.member, 'models/llm.gguf');
});
