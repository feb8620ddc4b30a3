/**
 * A committed Rails master key (`secrets-formats.md` §10: "Rails master key, path"). Rails encrypts
 * `config/credentials.yml.enc` (and `config/credentials/<environment>.yml.enc`) with the key in `config/master.key`
 * (and `config/credentials/<environment>.key`): 32 hexadecimal digits and nothing else, which `rails new` writes and
 * git-ignores. The value has no name and no prefix, so only the file's path says what it is: with it, anyone who
 * reads the repository decrypts every credential the application keeps.
 */
import type { Range } from '../../engine/finding';
import type { RuleMeta, TextChecker, TextContext } from '../../engine/rule';
import { redactSecret } from '../../engine/secrets/redact';
import { sha256Hex } from '../../engine/secrets/sha256';
import { secretHash } from './checker';
import { looksRandom } from './entropy';
import { hasLowVariety, hasSequence } from './placeholders';
import { isTestMaterialPath } from './test-material';

export const RAILS_MASTER_KEY_ID = 'AIS4086';

/** `config/master.key` and the per-environment keys under `config/credentials/`. */
const KEY_FILE = /(?:^|[\\/])config[\\/](?:master\.key|credentials[\\/][^\\/]+\.key)$/i;

/** What Rails writes: `SecureRandom.hex(16)`, with at most a line ending after it. */
const KEY_CONTENT = /^([0-9a-f]{32})\r?\n?$/;

/** The key as written, or undefined for a placeholder (`00000000…`, `0123456789abcdef…`) or another content. */
export function railsMasterKey(path: string, text: string): string | undefined {
  if (text.length > 34 || !KEY_FILE.test(path)) return undefined;
  const key = KEY_CONTENT.exec(text)?.[1];
  if (!key || hasLowVariety(key, 10) || hasSequence(key, 6) || !looksRandom(key, 0.75)) return undefined;
  return key;
}

export const RAILS_MASTER_KEY_RULE: RuleMeta = {
  id: RAILS_MASTER_KEY_ID,
  name: 'committed-rails-master-key',
  title: 'Committed Rails master key',
  category: 'secrets',
  fileKinds: ['text'],
  severity: 'error',
  confidence: 'high',
  cwe: ['CWE-798', 'CWE-321'],
  message: 'The Rails master key {{redacted}} is committed: it decrypts every credential in the encrypted credentials file.',
  fixAvailability: 'none',
  docs: {
    whatItDoes: 'Reports `config/master.key` and `config/credentials/<environment>.key` when the file holds what Rails writes there: 32 hexadecimal digits. '
      + 'Placeholders (a repeated digit, a run such as `0123456789abcdef`) are not reported; a key in test material (`test/`, `spec/`, `fixtures/`) is information, reported only in the audit profile.',
    whyIsThisBad: 'Rails keeps the application\'s credentials (database passwords, API keys, `secret_key_base`) in `config/credentials.yml.enc`, encrypted with this key; the encrypted file is meant to be committed and the key is not (`rails new` adds it to `.gitignore`). '
      + 'Whoever has both reads every credential and can forge signed and encrypted cookies. Remove the key from the repository and its history, rotate the credentials it protected, and generate a new key with `bin/rails credentials:edit`.',
    example: 'config/master.key     (committed: 32 hexadecimal digits)',
    useInstead: '# keep config/master.key git-ignored and give the key to servers and CI as RAILS_MASTER_KEY\nRAILS_MASTER_KEY=… bin/rails server',
    references: ['https://cwe.mitre.org/data/definitions/798.html', 'https://guides.rubyonrails.org/security.html#custom-credentials'],
  },
};

export const railsMasterKeyChecker: TextChecker = {
  name: 'committed-rails-master-key',
  kind: 'text',
  ruleIds: [RAILS_MASTER_KEY_ID],
  fileKinds: ['text'],
  check(ctx: TextContext) {
    const projectPath = ctx.config.projectPath ?? ctx.path;
    const key = railsMasterKey(projectPath, ctx.text);
    if (!key) return;
    const redacted = redactSecret(key);
    const range: Range = ctx.rangeOf(0, key.length);
    const test = isTestMaterialPath(projectPath);
    ctx.report({
      ruleId: RAILS_MASTER_KEY_ID,
      range,
      data: { redacted },
      ...(test ? { severity: 'info' as const, advisory: true, messageSuffix: ' It is in test material, where it protects test credentials only; act on it only if the key is also used elsewhere.' } : {}),
      fingerprintSeed: sha256Hex(`${RAILS_MASTER_KEY_ID}\u0000${key}`),
      properties: { redacted, secretHash: secretHash(RAILS_MASTER_KEY_ID, key) },
    });
  },
};
