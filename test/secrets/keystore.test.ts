/**
 * Binary key stores committed to a repository (AIS4085): a Java KeyStore, a JCEKS store or a PKCS#12 bundle is
 * reported when it holds a private key, never when it is a trust store of certificates or not a key store at
 * all, and a workspace scan reads such files as bytes although they hold NUL bytes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { secretsEngine } from './engine';
import { DEFAULT_CONFIG } from '../../server/src/engine/index';
import { rng } from './keygen';
import { readKeystore } from '../../server/src/rules/secrets/keystore';
import { scanPaths } from '../../server/src/host/scan';
import { SECRET_RULES } from '../../server/src/rules/secrets/rules';
import { KEYSTORE_RULE } from '../../server/src/rules/secrets/keystore';

const next = rng(4085);
const randomBytes = (n: number): number[] => Array.from({ length: n }, () => Math.floor(next() * 256));
const u16 = (n: number): number[] => [(n >>> 8) & 255, n & 255];
const u32 = (n: number): number[] => [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
const utf = (s: string): number[] => [...u16(s.length), ...Buffer.from(s, 'latin1')];

/** A JKS (or JCEKS) store of version 2 with the given entries, each a tag and an alias, with random key and certificate bytes. */
function javaKeystore(entries: readonly ['key' | 'cert' | 'secret', string][], magic = 0xfeedfeed): Uint8Array {
  const out: number[] = [...u32(magic), ...u32(2), ...u32(entries.length)];
  for (const [kind, alias] of entries) {
    const tag = kind === 'key' ? 1 : kind === 'cert' ? 2 : 3;
    out.push(...u32(tag), ...utf(alias), ...randomBytes(8));
    if (kind === 'cert') {
      const cert = [0x30, 0x82, ...randomBytes(300)];
      out.push(...utf('X.509'), ...u32(cert.length), ...cert);
    } else {
      const key = [0x30, 0x82, ...randomBytes(600)];
      out.push(...u32(key.length), ...key, ...u32(1), ...utf('X.509'), ...u32(302), 0x30, 0x82, ...randomBytes(300));
    }
  }
  out.push(...randomBytes(20));
  return Uint8Array.from(out);
}

const SHROUDED_KEY_BAG = [0x06, 0x0b, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x0c, 0x0a, 0x01, 0x02];
const CERT_BAG = [0x06, 0x0b, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x0c, 0x0a, 0x01, 0x03];

/** A PKCS#12 `PFX`: `SEQUENCE { INTEGER 3, … }` holding the given bag types among random bytes. */
function pkcs12(bags: readonly number[][]): Uint8Array {
  const body = [0x02, 0x01, 0x03, ...randomBytes(40), ...bags.flatMap((bag) => [...bag, ...randomBytes(200)])];
  return Uint8Array.from([0x30, 0x82, ...u16(body.length), ...body]);
}

test('key stores that hold a private or secret key are recognised; trust stores and other bytes are not', () => {
  assert.deepEqual(readKeystore(javaKeystore([['cert', 'root-ca'], ['key', 'release']])), { format: 'JKS', holdsKey: true, alias: 'release' });
  assert.deepEqual(readKeystore(javaKeystore([['secret', 'aes']], 0xcececece)), { format: 'JCEKS', holdsKey: true, alias: 'aes' });
  assert.deepEqual(readKeystore(javaKeystore([['cert', 'a'], ['cert', 'b'], ['cert', 'c']])), { format: 'JKS', holdsKey: false });
  assert.deepEqual(readKeystore(pkcs12([CERT_BAG, SHROUDED_KEY_BAG])), { format: 'PKCS#12', holdsKey: true });
  assert.deepEqual(readKeystore(pkcs12([CERT_BAG])), { format: 'PKCS#12', holdsKey: false });
  assert.equal(readKeystore(Uint8Array.from(randomBytes(500))), undefined);
  // A truncated store (its count promises more entries than its bytes hold) says nothing rather than throwing.
  assert.deepEqual(readKeystore(javaKeystore([['cert', 'a']]).subarray(0, 40)), { format: 'JKS', holdsKey: false });
});

test('a committed key store with a private key is a warning; in test material or as the Android debug keystore it is information', async () => {
  const engine = await secretsEngine();
  const store = javaKeystore([['key', 'upload']]);
  const audit = { ...DEFAULT_CONFIG, profile: 'audit' as const };
  const report = (path: string, bytes: Uint8Array) => engine.analyzeBytes({ path, bytes, fileSize: bytes.length, config: audit }).findings.map((f) => `${f.ruleId}:${f.severity}`);
  assert.deepEqual(report('app/release.jks', store), ['AIS4085:warning']);
  assert.deepEqual(report('android/app/upload.keystore', store), ['AIS4085:warning']);
  assert.deepEqual(report('certs/server.p12', pkcs12([SHROUDED_KEY_BAG, CERT_BAG])), ['AIS4085:warning']);
  assert.deepEqual(report('certs/server.pfx', pkcs12([SHROUDED_KEY_BAG])), ['AIS4085:warning']);
  assert.deepEqual(report('tests/fixtures/client.p12', pkcs12([SHROUDED_KEY_BAG])), ['AIS4085:info']);
  assert.deepEqual(report('app/debug.keystore', store), ['AIS4085:info']);
  assert.deepEqual(report('config/truststore.jks', javaKeystore([['cert', 'ca']])), []);
  assert.deepEqual(report('config/ca.p12', pkcs12([CERT_BAG])), []);
  assert.deepEqual(report('config/notes.pfx', Buffer.from('not a key store\n')), []);
  // Test material is information in the audit profile only, as a test server's PEM key is.
  assert.deepEqual(engine.analyzeBytes({ path: 'app/debug.keystore', bytes: store, fileSize: store.length }).findings, []);
  const [finding] = engine.analyzeBytes({ path: 'app/release.jks', bytes: store, fileSize: store.length }).findings;
  assert.equal(finding!.ruleId, 'AIS4085');
  assert.deepEqual([KEYSTORE_RULE.id, KEYSTORE_RULE.name], ['AIS4085', 'committed-keystore'], 'rule codes and names are stable');
  assert.match(finding!.message, /JKS key store holds a private key \(alias `upload`\)/);
});

test('a workspace scan reads key stores as bytes although they hold NUL bytes', async () => {
  const folder = mkdtempSync(join(tmpdir(), 'aisec-keystore-'));
  try {
    writeFileSync(join(folder, 'release.jks'), javaKeystore([['key', 'release']]));
    writeFileSync(join(folder, 'truststore.jks'), javaKeystore([['cert', 'ca']]));
    const engine = await secretsEngine();
    const found: string[] = [];
    for await (const event of scanPaths({ paths: [folder], cwd: folder, rules: [...SECRET_RULES, KEYSTORE_RULE], engine: () => Promise.resolve(engine), jobs: 1 })) {
      if (event.type === 'file') found.push(...(event.outcome.result?.findings.map((f) => `${event.outcome.path}:${f.ruleId}`) ?? []));
    }
    assert.deepEqual(found, ['release.jks:AIS4085']);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});
