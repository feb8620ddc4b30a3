/**
 * Matcher safety: every provider pattern is free of nested quantifiers, and the whole scanner (the
 * prefilter, each provider pattern at its anchor, the context windows, the generic binding reader and
 * the structural detectors) gets through adversarial 1 MB inputs built from each pattern's anchor and
 * alphabet. Catastrophic backtracking would make a case run for minutes; the test timeout is the
 * safety net, and the per-input times are printed rather than asserted.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PROVIDERS } from '../../server/src/rules/secrets/providers';
import { SCANNER_PATTERNS, scanText } from '../../server/src/rules/secrets/scanner';
import { containerCandidates, withContainerCandidates } from '../../server/src/rules/secrets/containers';
import { pairSecrets } from '../../server/src/rules/secrets/pairs';
import { concatenatedCandidates } from '../../server/src/rules/secrets/concatenation';
import { credentialFileCandidates, NETRC_PASSWORD } from '../../server/src/rules/secrets/credential-file-lines';
import { railsMasterKey } from '../../server/src/rules/secrets/rails-master-key';
import { generateKey } from './keygen';

const MB = 1024 * 1024;

/** A PEM private key, which the pair rules try to pair with a key name or fingerprint. */
const PEM_KEY = generateKey('private-key', 1);

function fill(unit: string): string {
  return unit.repeat(Math.ceil(MB / unit.length)).slice(0, MB);
}

/** A quantified group whose body holds another quantifier: the shape that backtracks exponentially. */
const NESTED_QUANTIFIER = /\((?:[^()\\]|\\.)*(?:[*+]|\{\d+,?\d*\})(?:[^()\\]|\\.)*\)(?:[*+]|\{\d+,?\d*\})/;

test('no provider or scanner pattern quantifies a group that holds a quantifier', () => {
  const offenders: string[] = [];
  for (const p of PROVIDERS) {
    for (const pattern of p.patterns) if (NESTED_QUANTIFIER.test(pattern.regex.source)) offenders.push(`${p.id}: ${pattern.regex.source}`);
    if (p.context && NESTED_QUANTIFIER.test(p.context.body.source)) offenders.push(`${p.id}: ${p.context.body.source}`);
  }
  for (const { name, regex } of SCANNER_PATTERNS) if (NESTED_QUANTIFIER.test(regex.source)) offenders.push(`scanner ${name}: ${regex.source}`);
  if (NESTED_QUANTIFIER.test(NETRC_PASSWORD.source)) offenders.push(`netrc password: ${NETRC_PASSWORD.source}`);
  assert.deepEqual(offenders, []);
  assert.ok(SCANNER_PATTERNS.length >= 10, 'the scanner lists its own patterns');
  assert.ok(NESTED_QUANTIFIER.test('(?:[0-9]{1,13}-){1,3}'), 'the check recognises the shape it looks for');
});

function adversarialInputs(): Record<string, string> {
  const inputs: Record<string, string> = {};
  const bodies = ['aB3', 'f', 'Zz9_-'];
  for (const p of PROVIDERS) {
    for (const pattern of p.patterns) {
      const anchor = pattern.anchor;
      inputs[`${p.id} anchor repeated (${anchor})`] = fill(anchor);
      for (const body of bodies) {
        // Bodies one short of and far past every length limit, ending in a character that breaks the boundary.
        inputs[`${p.id} ${anchor} + short ${body}`] = fill(`${anchor}${body.repeat(12)}!`);
        inputs[`${p.id} ${anchor} + long ${body}`] = fill(`${anchor}${body.repeat(100)}`);
      }
      inputs[`${p.id} ${anchor} + endless body`] = anchor + 'aB3'.repeat(MB / 3);
    }
    if (p.context) {
      const keyword = p.context.keywords[0]!;
      inputs[`${p.id} keyword + near-bodies`] = fill(`${keyword} = "${'a1'.repeat(15)}" `);
      inputs[`${p.id} keyword then one endless body`] = `${keyword}=` + 'a1B2'.repeat(MB / 4);
      inputs[`${p.id} keywords only`] = fill(`${keyword} `);
    }
  }
  Object.assign(inputs, {
    'generic names with unclosed quotes': fill('api_key = "aB3dE5gH7jK9mN1pQ3sT5vX7'),
    'generic names with long values': fill(`token: ${'aB3'.repeat(400)}\n`),
    'generic names only': fill('secret_token_password_key '),
    'generic env getters': fill('os.getenv("OPENAI_API_KEY", "'),
    'generic fallbacks': fill('process.env.API_TOKEN ?? '),
    'annotated bindings': fill('api_key: str = '),
    'identifier run': fill('a'.repeat(5000) + 'key' + 'b'.repeat(5000)),
    'PEM begins without end': fill('-----BEGIN RSA PRIVATE KEY-----\nMIIE'),
    'PEM begin and end without body': fill('-----BEGIN PRIVATE KEY----------END PRIVATE KEY'),
    'PEM huge body': `-----BEGIN PRIVATE KEY-----\n${'MIIB'.repeat(MB / 4)}\n-----END PRIVATE KEY-----`,
    'JWT prefixes': fill('eyJ'),
    'JWT near misses': fill(`eyJ${'a'.repeat(20)}.eyJ${'b'.repeat(20)}`),
    'JWT long segments': `eyJ${'a'.repeat(MB / 2)}.eyJ${'b'.repeat(MB / 2)}`,
    'URL schemes': fill('postgres://'),
    'command flags without values': fill('--password --token curl -u mysql -p '),
    'command flags with long values': fill(`--password=${'aB3'.repeat(100)} --token "${'aB3'.repeat(200)}`),
    'curl and mysql without their flag': fill(`curl ${'x '.repeat(150)}\nmysql ${'y '.repeat(150)}\n`),
    'curl user without password': fill('curl -u deploy https://x -u deploy:'),
    'flags as list items without values': fill('"--password", "--token", '),
    'docker login and sshpass without -p': fill(`docker login ${'-u x '.repeat(40)}\npodman login -p\nsshpass -p`),
    // command-line-credentials.ts: every command with long option runs and no value, the flag repeated, values unclosed.
    ...Object.fromEntries(
      ['redis-cli', 'az login', 'az acr login', 'mysqldump', 'mariadb', 'mongosh', 'ldapsearch', 'smbclient', 'lftp', 'sqlcmd', 'http', 'twine upload', 'xfreerdp', 'zip', '7z'].map((command) => [
        `${command} options without the credential flag`,
        fill(`${command} ${'-x y '.repeat(60)}\n`),
      ]),
    ),
    'command credential flags without values': fill('redis-cli -a -a --pass mysqldump -p -p mongo -p ldapsearch -w -w smbclient -U x% lftp -u x, sqlcmd -P http -a x: zip -P 7z -p '),
    'command credential flags with long values': fill(`redis-cli -a "${'aB3'.repeat(100)} sqlplus u/${'aB3'.repeat(100)} smbclient -U u%${'aB3'.repeat(100)} `),
    'LDAP bind DN quotes unclosed': fill(`ldapsearch -x -D "${'cn=a,'.repeat(50)} `),
    'sqlplus switches without a user': fill(`sqlplus ${'-s '.repeat(50)}/ `),
    'OpenSSL pass phrases without a value': fill('-passin pass: -passout pass:x -pass pass: '),
    'config set without a token': fill(`npm config set ${'--global '.repeat(10)}//${'r/'.repeat(100)}:_authToken `),
    'htpasswd switches only': fill(`htpasswd ${'-b '.repeat(100)}\n`),
    'htpasswd with endless blanks': `htpasswd -b f u ${' '.repeat(MB)}x`,
    'echo pipes before --password-stdin': fill(`echo ${'aB3'.repeat(30)} ${'| cat '.repeat(30)}--password-stdin\n`),
    'echo without a pipe before --password-stdin': fill(`echo "${'aB3'.repeat(30)}" ${'x'.repeat(300)} --password-stdin `),
    '--password-stdin repeated on one endless line': fill('--password-stdin '),
    'long secret options without values': fill('--api-key --client-secret --access-token --api-key '),
    'JWT calls without a key': fill('jwt.encode(payload, jwt.sign({ a: 1 }, jwt.decode( '),
    'JWT call with an unclosed object': fill(`jwt.sign({${'a: 1, '.repeat(80)}`),
    'basic-auth pairs without a password': fill('auth=("user", BasicAuth("user", '),
    'keytool flags without values': fill('keytool -storepass -keypass -storepass:env X '),
    'Groovy keystore passwords unclosed': fill(`storePassword '${'aB3'.repeat(30)} keyPassword "`),
    'passphrases': fill('pass_phrase=aB3dE5gH7jK9mN1p\n'),
    'URL user info without host': fill('mysql://user:pa:ss:wo:rd'),
    'URL long password': `redis://u:${'p'.repeat(MB)}`,
    'web URLs with user-info': fill('https://deploy:aB3dE5gH7jK9@git.internal.io/r '),
    'web URLs with ports and no user-info': fill('https://host.internal.io:8443/path?x=1 '),
    'bindings inside string literals': fill('"paypal_secret=aB3dE5gH7jK9mN1pQ3sT5vX7&token='),
    'quotes before a name on a long line': fill(`${'"a" '.repeat(60)}api_key=`),
    'bearer headers': fill('Authorization: Bearer '),
    'header flags': fill('curl -H "Authorization: Bearer aB3dE5gH7jK9mN1pQ3sT5" '),
    'values that tokenise like text': fill('api_key = "DescribeInstances2016_11_15GetObjectAcl2006" '),
    'service accounts': fill('"type": "service_account", "private_key": "-----BEGIN PRIVATE KEY-----\\nMII'),
    'browser markers': fill('dangerouslyAllowBrowser'),
    'public env prefixes': fill('NEXT_PUBLIC_OPENAI_API_KEY'),
    'public env long name': `process.env.NEXT_PUBLIC_${'A'.repeat(MB)}`,
    'magic lines': fill('%env OPENAI_API_KEY='),
    'one huge line of tokens': fill('x'),
    // Tenth session: host-routed URL credentials and keys known by where they are sent.
    'Sentry DSN user-info repeated': fill(`https://${'a1'.repeat(16)}:${'b2'.repeat(16)}@o1.ingest.sentry`),
    'Cloudant URLs with long passwords': fill(`https://acct:${'a1'.repeat(40)}@acct.cloudantnosqldb.appdomain.cloud/ `),
    'function URLs with code parameters': fill(`https://f.azurewebsites.net/api/run?code=${'aB3'.repeat(30)}&code=`),
    'functions-key headers with endless values': `x-functions-key: "${'aB3-'.repeat(MB / 4)}`,
    'Teams legacy host repeated': fill('https://outlook.office.com/webhook/'),
    'HubSpot legacy parameters': fill('?hapikey=&hapikey=3f9c2b1a-7d4e-4a6b-9c8d-'),
    'Cloudant account names': fill('"username": "3f9c2b1a-7d4e-4a6b-9c8d-2e1f0a9b8c7d-bluemix", "host": "x.cloudantnosqldb.appdomain.cloud", '),
    'escaped newlines': fill('\\n'),
    // Eleventh session: Yarn's npmAuthIdent as a credential name.
    'npmAuthIdent bindings without values': fill('npmAuthIdent: "'),
    // Twelfth session: passwords passed as arguments in C#, PowerShell and batch files.
    'NetworkCredential calls without a password': fill('new NetworkCredential("user", new NetworkCredential(a.b, '),
    'NetworkCredential with an unclosed user': fill(`NetworkCredential("${'a\\'.repeat(200)}`),
    'DirectoryEntry calls without a password': fill('new DirectoryEntry("LDAP://dc/DC=x", "user", DirectoryEntry(path, '),
    'ConvertTo-SecureString without -AsPlainText': fill(`ConvertTo-SecureString "${'aB3'.repeat(20)}" ${'-Key $k '.repeat(30)}\n`),
    'ConvertTo-SecureString unclosed': fill('ConvertTo-SecureString -String "aB3dE5gH7jK9 '),
    'ConvertTo-SecureString switches first, value unclosed': fill('ConvertTo-SecureString -Force -AsPlainText -Force -String "aB3dE5gH7jK9 '),
    'ConvertTo-SecureString switches repeated': fill(`ConvertTo-SecureString ${'-AsPlainText -Force '.repeat(30)}\n`),
    'piped literals without the cmdlet name': fill('"aB3dE5gH7jK9" | to-SecureString -AsPlainText '),
    'piped literals without an opening quote': fill(`${'aB3'.repeat(100)}" | ConvertTo-SecureString `),
    'psexec options without -p': fill(`psexec \\\\host ${'-u x '.repeat(60)}\n`),
    'psexec -p repeated': fill('psexec -p -p -p aB3dE5 -p '),
    'net use words without a share': fill(`net use ${'/user:x '.repeat(60)}\n`),
    'net use with endless blanks': `net use \\\\h\\s ${' '.repeat(MB)}x`,
    'net use repeated': fill('net use \\\\h\\s '),
    'PowerShell parameters without values': fill('Connect-VIServer -Password -Password "'),
    'PowerShell parameters with long values': fill(`-Password "${'aB3'.repeat(100)}" -ApiKey '`),
  });
  return inputs;
}

test('every pattern gets through adversarial 1 MB inputs', { timeout: 240_000 }, () => {
  const timings: string[] = [];
  let slowest = { name: '', ms: 0 };
  for (const [name, text] of Object.entries(adversarialInputs())) {
    // Provider patterns behave the same in both modes; bindings and browser markers differ.
    const modes = /^AIS4[0-5]\d /.test(name) ? (['text'] as const) : (['text', 'code'] as const);
    for (const mode of modes) {
      const started = performance.now();
      const candidates = scanText(text, mode);
      const ms = performance.now() - started;
      assert.ok(Array.isArray(candidates));
      if (ms > slowest.ms) slowest = { name: `${name} (${mode})`, ms };
      if (ms > 200) timings.push(`${name} (${mode}): ${ms.toFixed(0)} ms`);
    }
  }
  console.log(`slowest adversarial input: ${slowest.name} ${slowest.ms.toFixed(0)} ms${timings.length ? `\nover 200 ms:\n${timings.join('\n')}` : ''}`);
});

test('containers and pairs get through adversarial 1 MB inputs', { timeout: 240_000 }, () => {
  const b64 = (text: string): string => Buffer.from(text).toString('base64');
  const inputs: Record<string, string> = {
    'Secret with many data entries': `kind: Secret\ndata:\n${fill(`  password: ${b64('aB3dE5gH7jK9mN1pQ3')}\n`)}`,
    'Secret with one huge value': `kind: Secret\ndata:\n  key: ${b64('x1'.repeat(MB / 4))}\n`,
    'many Secret documents': fill('---\nkind: Secret\ndata:\n'),
    'document separators only': fill('---\n'),
    'registry auth entries': fill(`"auths": {"r": {"auth": "${b64('user:aB3dE5gH7jK9mN1pQ3sT5')}"}}, `),
    'auth without a closing quote': `"auth": "${'QUJD'.repeat(MB / 4)}`,
    'auth keys only': fill('"auth": "'),
    'Composer maps with many hosts': fill('"bearer": {"repo.acme.io": "aB3dE5gH7jK9mN1pQ3sT5vX7", '),
    'Composer map keys only': fill('"github-oauth": {'),
    'Composer entry with one endless value': `"gitlab-oauth": {"gitlab.acme.io": "${'aB3'.repeat(MB / 3)}`,
    'PuTTY headers only': fill('PuTTY-User-Key-File-2: ssh-rsa\n'),
    'PuTTY header with endless private lines': `PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\nPrivate-Lines: 9999\n${fill('aB3dE5gH7jK9mN1p\n')}`,
    'AWS key ids and secrets interleaved': fill(`AKIA${'QRSTUVWXYZ234567'} aws_secret_access_key=${'aB3dE5gH7jK9mN1pQ3sT5vX7zA2cE4gI6kM8oQ0s'}\n`),
    'PayPal client ids without secrets': fill(`PAYPAL_CLIENT_ID=A${'aB3dE5gH7j'.repeat(8)}\n`),
    'Coinbase key names without keys': fill('"name": "organizations/3f9c2b1a-7d4e-4a6b-9c8d-2e1f0a9b8c7d/apiKeys/8a7b6c5d-4e3f-4a1b-9c2d-7e6f5a4b3c2d", '),
    'client ids without secrets': fill('client_id="6f1c2d3e-4b5a-4c7d-8e9f-a0b1c2d3e4f5" '),
    'one endless chain of joined literals': fill('"ghp_aB3dE5" + '),
    'one endless joined list': `"".join([${fill('"ghp_aB3dE5", ')}])`,
    'joined lists without literals': fill('"".join([a, b]) [x].join("") '),
    'JavaScript joins without a list': fill(`${'x'.repeat(60)}].join('') `),
    'adjacent literals': fill('"sk-" "proj-" '),
    'unclosed quotes': fill(`'${'x'.repeat(5000)}`),
    'quotes and pluses': fill('"+\'+`+'),
    'kubeconfig client keys': fill(`    client-key-data: ${b64('-----BEGIN EC PRIVATE KEY-----\nMHcCAQEE')}\n`),
    'client-key-data without a value': fill('"client-key-data": "'),
    'client-key-data with one endless value': `client-key-data: ${'QUJD'.repeat(MB / 4)}`,
    'JSON Secrets in a List': `{"kind": "List", "items": [${fill(`{"kind": "Secret", "data": {"password": "${b64('aB3dE5gH7jK9mN1pQ3')}"}}, `)}{}]}`,
    'JSON Secret nested past the parser bound': `{"kind": "Secret", "data": ${'{"a": '.repeat(MB / 6)}`,
    'template substitutions of literals': fill("`ghp_${'aB3dE5'}"),
    'template substitutions never closed': fill('`${`${`${{{'),
    'template openers only': fill('`${\''),
    'templates across lines': fill('`\n${"x"}\n'),
    // Oracle Cloud API keys pair with a fingerprint next to an OCID (tenth session).
    'PEM key among fingerprints and OCIDs': `${PEM_KEY}\n${fill(`fingerprint = ${'3b:'.repeat(15)}3b ocid1.user.oc1..aaaa\n`)}`,
    'PEM key then one endless fingerprint': `${PEM_KEY}\nocid1.tenancy.oc1..aaaa\nfingerprint=${'ab:'.repeat(MB / 3)}`,
    'fingerprints without a key': fill(`"fingerprint": "${'c4:'.repeat(16)}" ocid1.tenancy. `),
  };
  let slowest = { name: '', ms: 0 };
  for (const [name, text] of Object.entries(inputs)) {
    const started = performance.now();
    const candidates = withContainerCandidates(scanText(text, 'text'), containerCandidates(text));
    pairSecrets(text, candidates);
    concatenatedCandidates(text, true);
    concatenatedCandidates(text, false);
    const ms = performance.now() - started;
    if (ms > slowest.ms) slowest = { name, ms };
  }
  console.log(`slowest container or pair input: ${slowest.name} ${slowest.ms.toFixed(0)} ms`);
});

test('credential-file readers and the Rails master key get through adversarial 1 MB inputs', { timeout: 120_000 }, () => {
  const inputs: Record<string, [string, string]> = {
    'netrc password words only': ['home/.netrc', fill('password ')],
    'netrc one endless password': ['home/.netrc', `password ${'aB3#'.repeat(MB / 4)}`],
    'netrc unclosed quotes': ['home/.netrc', fill('password "aB3dE5gH7jK9 ')],
    'pgpass colons only': ['home/.pgpass', fill(':')],
    'pgpass escapes only': ['home/.pgpass', fill('\\')],
    'pgpass one endless line': ['home/.pgpass', `h:5432:d:u:${'aB3#'.repeat(MB / 4)}`],
    'pgpass many lines': ['home/.pgpass', fill('h:5432:d:u:aB3dE5gH7jK9#1\n')],
  };
  let slowest = { name: '', ms: 0 };
  for (const [name, [path, text]] of Object.entries(inputs)) {
    const started = performance.now();
    assert.ok(Array.isArray(credentialFileCandidates(path, text)));
    const ms = performance.now() - started;
    if (ms > slowest.ms) slowest = { name, ms };
  }
  // The master-key reader looks at no more than a short file's worth of text.
  assert.equal(railsMasterKey('config/master.key', fill('0123456789abcdef')), undefined);
  console.log(`slowest credential-file input: ${slowest.name} ${slowest.ms.toFixed(0)} ms`);
});
