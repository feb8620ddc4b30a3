/**
 * The AI answer cache on real files: answers survive a new instance, the least recently used go first past
 * the entry and byte bounds, an answer holding something that looks like a key is never written, a damaged
 * file means an empty cache with one warning, and the prompt version, endpoint and body are all in the key.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { AiAnswerCache, aiCacheKey, PROMPT_VERSION, type CachedAnswer } from '../../server/src/ai/answer-cache';
import { explainRequestBody, fixRequestBody } from '../../server/src/ai/prompt';
import { OPENAI_KEY } from './sample';

function cacheFile(): string {
  return join(mkdtempSync(join(tmpdir(), 'aisec-answer-cache-')), 'nested', 'ai-answers.json');
}

function patch(text: string): CachedAnswer {
  return { kind: 'patch', patch: { edits: [{ startLine: 3, endLine: 3, newText: text }], rationale: 'r' } };
}

describe('AiAnswerCache', () => {
  it('keeps patches and explanations across instances, in a file only its owner reads', () => {
    const file = cacheFile();
    const first = new AiAnswerCache({ file });
    first.set('a', patch('    return json.loads(data)'));
    first.set('b', { kind: 'explanation', markdown: 'Unpickling runs code.' });
    const second = new AiAnswerCache({ file });
    assert.deepEqual(second.get('a'), patch('    return json.loads(data)'));
    assert.deepEqual(second.get('b'), { kind: 'explanation', markdown: 'Unpickling runs code.' });
    assert.equal(second.get('c'), undefined);
    if (process.platform !== 'win32') assert.equal(statSync(file).mode & 0o777, 0o600);
  });

  it('drops the least recently used answers past the entry bound and the byte bound', () => {
    const file = cacheFile();
    const byCount = new AiAnswerCache({ file, maxEntries: 2 });
    byCount.set('a', patch('a'));
    byCount.set('b', patch('b'));
    byCount.get('a');
    byCount.set('c', patch('c'));
    assert.deepEqual([byCount.get('a') !== undefined, byCount.get('b') !== undefined, byCount.get('c') !== undefined], [true, false, true]);
    assert.deepEqual((JSON.parse(readFileSync(file, 'utf8')) as { entries: Array<[string]> }).entries.map(([key]) => key), ['a', 'c']);

    const bySize = new AiAnswerCache({ maxBytes: 300 });
    for (const key of ['a', 'b', 'c', 'd']) bySize.set(key, { kind: 'explanation', markdown: key.repeat(100) });
    assert.ok(bySize.size < 4 && bySize.size >= 1);
    assert.ok(bySize.get('d'), 'the newest answer stays');
    assert.equal(bySize.get('a'), undefined);
  });

  it('never writes an answer that holds something like a key, and skips one edited into the file', () => {
    const file = cacheFile();
    const cache = new AiAnswerCache({ file });
    cache.set('clean', patch('    return json.loads(data)'));
    cache.set('leaky', patch(`    key = "${OPENAI_KEY}"`));
    assert.ok(cache.get('leaky'), 'kept in memory for this session');
    assert.ok(!readFileSync(file, 'utf8').includes(OPENAI_KEY));
    const stored = JSON.parse(readFileSync(file, 'utf8')) as { format: number; entries: Array<[string, CachedAnswer]> };
    stored.entries.push(['edited', { kind: 'explanation', markdown: `use ${OPENAI_KEY}` }]);
    writeFileSync(file, JSON.stringify(stored));
    const reread = new AiAnswerCache({ file });
    assert.ok(reread.get('clean'));
    assert.equal(reread.get('edited'), undefined);
    assert.equal(reread.get('leaky'), undefined);
  });

  it('starts empty from a damaged file, with one warning naming it', () => {
    const file = cacheFile();
    new AiAnswerCache({ file }).set('a', patch('x'));
    writeFileSync(file, '{"format": 1, "entries": [');
    const warnings: string[] = [];
    const cache = new AiAnswerCache({ file, warn: (m) => warnings.push(m) });
    assert.equal(cache.size, 0);
    assert.equal(warnings.length, 1);
    assert.ok(warnings[0]!.includes(file) && /damaged/.test(warnings[0]!));
    writeFileSync(file, JSON.stringify({ format: 1, entries: [['bad', { kind: 'patch', patch: { edits: 'none' } }], ['good', patch('y')]] }));
    const partial = new AiAnswerCache({ file });
    assert.equal(partial.get('bad'), undefined, 'an entry that is not a patch is skipped');
    assert.ok(partial.get('good'));
  });

  it('keys by prompt version, endpoint and the whole body', () => {
    const body = fixRequestBody('model-a', 'prompt');
    const key = aiCacheKey('http://127.0.0.1:1/v1', body);
    assert.equal(key, aiCacheKey('http://127.0.0.1:1/v1', fixRequestBody('model-a', 'prompt')));
    for (const other of [
      aiCacheKey('http://127.0.0.1:1/v1', body, PROMPT_VERSION + 1),
      aiCacheKey('http://127.0.0.1:2/v1', body),
      aiCacheKey('http://127.0.0.1:1/v1', fixRequestBody('model-b', 'prompt')),
      aiCacheKey('http://127.0.0.1:1/v1', fixRequestBody('model-a', 'prompt 2')),
      aiCacheKey('http://127.0.0.1:1/v1', explainRequestBody('model-a', 'prompt')),
    ]) assert.notEqual(other, key);
  });
});
