/** Reading `aisec.ai.*` and the environment: defaults, precedence, and bad values as messages. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { aiConfigProblem, readAiConfig } from '../../server/src/ai/config';

describe('AI configuration', () => {
  it('is off by default and names what is missing', () => {
    const { config, problems } = readAiConfig(undefined, {});
    assert.equal(config.enabled, false);
    assert.deepEqual(problems, []);
    assert.match(aiConfigProblem(config) ?? '', /no model is configured/);
    assert.match(aiConfigProblem({ ...config, model: 'm' }) ?? '', /no endpoint is configured/);
    assert.equal(aiConfigProblem({ ...config, model: 'm', baseUrl: 'http://127.0.0.1:11434/v1' }), undefined, 'a local server needs no key');
    assert.equal(aiConfigProblem({ ...config, provider: 'editor' }), undefined, 'the editor\'s models need no endpoint');
  });

  it('takes settings over the environment, and the stored key over OPENAI_API_KEY', () => {
    const env = { AISEC_AI_BASE_URL: 'http://127.0.0.1:8000/v1', AISEC_AI_MODEL: 'env-model', OPENAI_API_KEY: 'env-key' };
    assert.deepEqual(
      (({ baseUrl, model, apiKey }) => ({ baseUrl, model, apiKey }))(readAiConfig({ model: 'settings-model' }, env).config),
      { baseUrl: 'http://127.0.0.1:8000/v1', model: 'settings-model', apiKey: 'env-key' },
    );
    assert.equal(readAiConfig({}, env, 'stored-key').config.apiKey, 'stored-key');
  });

  it('reports bad values and keeps the defaults', () => {
    const { config, problems } = readAiConfig({ enable: 'yes', baseUrl: 'file:///etc/passwd', timeoutMs: -1, redactPatterns: ['ok-\\d+', '(unclosed'], provider: 'cloud' }, {});
    assert.equal(config.enabled, false);
    assert.equal(config.baseUrl, '');
    assert.equal(config.timeoutMs, 60_000);
    assert.deepEqual(config.redactPatterns, ['ok-\\d+']);
    assert.equal(config.provider, 'openai-compatible');
    assert.equal(problems.length, 5);
    assert.ok(problems.some((p) => /aisec\.ai\.baseUrl must be an http\(s\) URL/.test(p)));
    assert.ok(problems.some((p) => /"\(unclosed" is not a valid regular expression/.test(p)));
  });
});
