/** PEP 440: parsing with normalisation, the total order (epochs, pre/post/dev, local) and specifier matching. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalVersion, compareVersionStrings, parseSpecifierSet, parseVersion, satisfies } from '../../server/src/engine/versions/pep440';
import { firstFixedAbove, isAffected } from '../../server/src/engine/versions/osv-range';

test('normalises spellings the way pip does', () => {
  const cases: [string, string][] = [
    ['1.0', '1.0'], ['v1.0', '1.0'], ['1.0alpha1', '1.0a1'], ['1.0-beta.2', '1.0b2'], ['1.0c3', '1.0rc3'], ['1.0pre', '1.0rc0'],
    ['1.0-1', '1.0.post1'], ['1.0.rev2', '1.0.post2'], ['1.0-dev', '1.0.dev0'], ['2!1.0', '2!1.0'], ['1.0+Ubuntu-1', '1.0+ubuntu.1'],
  ];
  for (const [input, canonical] of cases) assert.equal(canonicalVersion(parseVersion(input)!), canonical, input);
  for (const bad of ['', 'abc', '1.0.x', '1..0', '1.0+']) assert.equal(parseVersion(bad), undefined, bad);
});

test('orders versions as PEP 440 specifies', () => {
  const ordered = ['1.0.dev456', '1.0a1', '1.0a2.dev456', '1.0a12.dev456', '1.0a12', '1.0b1.dev456', '1.0b2', '1.0b2.post345.dev456', '1.0b2.post345', '1.0rc1.dev456', '1.0rc1', '1.0', '1.0+abc.5', '1.0+abc.7', '1.0+5', '1.0.post456.dev34', '1.0.post456', '1.0.15', '1.1.dev1', '2!0.1'];
  for (let i = 0; i < ordered.length - 1; i++) {
    assert.ok(compareVersionStrings(ordered[i]!, ordered[i + 1]!) < 0, `${ordered[i]} < ${ordered[i + 1]}`);
    assert.ok(compareVersionStrings(ordered[i + 1]!, ordered[i]!) > 0, `${ordered[i + 1]} > ${ordered[i]}`);
  }
  assert.equal(compareVersionStrings('1.0', '1.0.0'), 0);
  assert.equal(compareVersionStrings('1.0.0', '1'), 0);
});

test('matches specifiers, with the exclusive-ordering and pre-release rules', () => {
  const match = (v: string, spec: string, pre?: boolean): boolean => satisfies(v, parseSpecifierSet(spec)!, pre);
  assert.ok(match('2.5.1', '<2.6'));
  assert.ok(!match('2.6.0', '<2.6'));
  assert.ok(!match('2.6.0rc1', '<2.6'), '<V excludes pre-releases of V');
  assert.ok(!match('2.6.0a1', '>=2.5'), 'pre-releases are excluded by default');
  assert.ok(match('2.6.0a1', '>=2.6.0a1'), 'a pre-release in the specifier allows pre-releases');
  assert.ok(match('2.6.0a1', '>=2.5', true));
  assert.ok(!match('1.7.1.post1', '>1.7.1'), '>V excludes post-releases of V');
  assert.ok(match('1.7.2', '>1.7.1'));
  assert.ok(match('1.4.5', '~=1.4.2') && !match('1.5.0', '~=1.4.2') && match('1.9', '~=1.4'));
  assert.ok(match('1.1.9', '==1.1.*') && !match('1.2.0', '==1.1.*') && match('1.2.0', '!=1.1.*'));
  assert.ok(match('1.0+local.1', '==1.0') && !match('1.0+local.1', '==1.0+other'));
  assert.ok(match('1.0', '===1.0') && !match('1.0.0', '===1.0'));
  assert.ok(match('1.5', '>=1.0,!=1.3,<2'));
  assert.equal(parseSpecifierSet('>=1.0,,<2'), undefined);
  assert.equal(parseSpecifierSet('~=1'), undefined, '~= needs two release segments');
  assert.equal(parseSpecifierSet('>=1.*'), undefined, 'wildcards only with == and !=');
});

test('evaluates OSV ranges with PEP 440 ordering and semver for npm', () => {
  const affected = { ranges: [[{ introduced: '0' }, { fixed: '2.6.0' }], [{ introduced: '3.0' }, { last_affected: '3.1' }]] };
  assert.ok(isAffected('pypi', '2.5.1', affected));
  assert.ok(isAffected('pypi', '2.6.0rc1', affected), 'a pre-release of the fix is still affected');
  assert.ok(!isAffected('pypi', '2.6.0', affected));
  assert.ok(isAffected('pypi', '3.1', affected) && !isAffected('pypi', '3.1.1', affected));
  assert.equal(firstFixedAbove('pypi', '2.5.1', affected), '2.6.0');
  assert.ok(isAffected('pypi', '8.3.41', { versions: ['8.3.41'] }));
  const npm = { ranges: [[{ introduced: '4.0.0' }, { fixed: '4.17.21' }]] };
  assert.ok(isAffected('npm', '4.17.20', npm) && !isAffected('npm', '4.17.21', npm) && !isAffected('npm', '3.9.0', npm));
});
