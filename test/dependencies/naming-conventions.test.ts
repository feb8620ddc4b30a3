/**
 * The naming conventions that explain a neighbour of a popular name (issue 16): version lines and
 * one-letter implementation prefixes, decided on the names alone.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { firstLetterDiffers, isLetterPrefix, isVersionLine } from '../../server/src/rules/dependencies/shared/naming-conventions';

test('names that differ only in a trailing number are one version line; on PyPI so is a number added', () => {
  assert.equal(isVersionLine('npm', 'eventemitter2', 'eventemitter3'), true);
  assert.equal(isVersionLine('npm', '@tsconfig/node24', '@tsconfig/node14'), true);
  assert.equal(isVersionLine('pypi', 'elasticsearch7', 'elasticsearch'), true);
  assert.equal(isVersionLine('pypi', 'flake8-2020', 'flake8'), true);
  assert.equal(isVersionLine('pypi', 'awscliv2', 'awscli'), true);
  // npm's malicious lists hold many numbered copies (`fdir3`, `react-dom-16`): a number added is no version line there.
  assert.equal(isVersionLine('npm', 'fdir3', 'fdir'), false);
  assert.equal(isVersionLine('npm', 'react-dom-16', 'react-dom'), false);
  // A number dropped (`urllib` for `urllib3`) and a digit inside a name (`s4transfer`) are not version lines.
  assert.equal(isVersionLine('pypi', 'urllib', 'urllib3'), false);
  assert.equal(isVersionLine('pypi', 's4transfer', 's3transfer'), false);
  assert.equal(isVersionLine('pypi', 'requests', 'requests'), false);
});

test('a letter in front of a name is an implementation prefix, unless it doubles the first letter', () => {
  assert.equal(isLetterPrefix('rtoml', 'toml'), true);
  assert.equal(isLetterPrefix('enum', 'aenum'), true);
  assert.equal(isLetterPrefix('ppreact', 'preact'), false);
  assert.equal(isLetterPrefix('requestss', 'requests'), false);
  assert.equal(isLetterPrefix('1requests', 'requests'), false);
  assert.equal(firstLetterDiffers('bpython', 'ipython'), true);
  assert.equal(firstLetterDiffers('grequests', 'requests'), false);
  assert.equal(firstLetterDiffers('reqeusts', 'requests'), false);
});
