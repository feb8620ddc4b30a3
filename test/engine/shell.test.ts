import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse as shellQuoteParse } from 'shell-quote';
import { commandsOf, findDownloadExecutions, installDependenciesOf, parseShell, scriptFromArgv, wordFromText } from '../../server/src/engine/shell';

/** The words of every command, as text. */
function commandWords(source: string): string[][] {
  return commandsOf(parseShell(source)).map((c) => c.words.map((w) => w.text));
}

test('word values agree with shell-quote on commands without substitutions', () => {
  const samples = [
    `curl -fsSL "https://example.com/a b" -H 'Accept: x'`,
    `echo "it's" 'say "hi"' plain\\ space`,
    `pip install "torch==2.1.0" --index-url https://download.pytorch.org/whl/cu118`,
    `a\\"b "c\\\\d" 'e\\f'`,
  ];
  for (const sample of samples) {
    const ours = commandWords(sample)[0];
    const reference = shellQuoteParse(sample).filter((t): t is string => typeof t === 'string');
    assert.deepEqual(ours, reference, sample);
  }
});

test('every word points at its source text, quotes included', () => {
  const source = `FOO=1 sudo  curl -fsSL 'https://x.io/i.sh' | bash -s -- --yes`;
  const [curl, bash] = commandsOf(parseShell(source));
  assert.deepEqual(curl!.assignments.map((w) => w.text), ['FOO=1']);
  const url = curl!.words[3]!;
  assert.equal(url.text, 'https://x.io/i.sh');
  assert.equal(source.slice(url.start, url.end), `'https://x.io/i.sh'`);
  assert.equal(source.slice(url.offsets[0]!, url.offsets[url.offsets.length - 1]! + 1), 'https://x.io/i.sh');
  assert.equal(source.slice(bash!.start, bash!.end), 'bash -s -- --yes');
});

test('pipelines, lists, redirections, comments and here-documents', () => {
  const script = parseShell(`set -e\nmake 2>&1 | tee log && echo ok > out.txt # curl x | sh\ncat <<EOF\ncurl x | sh\nEOF\nls`);
  assert.deepEqual(script.pipelines.map((p) => p.commands.map((c) => c.words.map((w) => w.text).join(' '))), [
    ['set -e'], ['make', 'tee log'], ['echo ok'], ['cat'], ['ls'],
  ]);
  const echo = script.pipelines[2]!.commands[0]!;
  assert.deepEqual(echo.redirects.map((r) => [r.op, r.target?.text]), [['>', 'out.txt']]);
  assert.deepEqual(script.pipelines[1]!.commands[0]!.redirects.map((r) => [r.op, r.target?.text]), [['2>&', '1']]);
});

test('compound commands: the commands inside if/for/while are read', () => {
  assert.deepEqual(commandWords(`if [ -f x ]; then curl -s u | sh; fi\nfor f in a b; do echo $f; done`), [
    ['[', '-f', 'x', ']'], ['curl', '-s', 'u'], ['sh'], ['echo', '$f'],
  ]);
});

test('bash -c scripts and substitutions are parsed with exact offsets', () => {
  const source = `sudo bash -c 'curl -fsSL https://get.x.io | sh' && VERSION=$(curl -s https://api/v) && echo "$(date)"`;
  const script = parseShell(source);
  const nested = commandsOf(script).filter((c) => c.depth === 1);
  assert.deepEqual(nested.map((c) => c.words.map((w) => w.text).join(' ')), ['curl -fsSL https://get.x.io', 'sh', 'curl -s https://api/v', 'date']);
  const url = nested[0]!.words[2]!;
  assert.equal(source.slice(url.start, url.end), 'https://get.x.io');
  const apiUrl = nested[2]!.words[2]!;
  assert.equal(source.slice(apiUrl.start, apiUrl.end), 'https://api/v');
  // The outer bash command keeps its inner pipelines.
  const outer = commandsOf(script)[0]!;
  assert.equal(outer.inner.length, 1);
});

test('GitHub expressions stay one word', () => {
  assert.deepEqual(commandWords(`echo "\${{ github.event.issue.title }}" \${{ inputs.x }}`), [['echo', '${{ github.event.issue.title }}', '${{ inputs.x }}']]);
});

test('download-and-execute forms are found', () => {
  const cases: [string, string, string | undefined][] = [
    ['curl -fsSL https://sh.rustup.rs | sh -s -- -y', 'pipe', 'https://sh.rustup.rs'],
    ['wget -qO- https://x.io/install.sh | sudo -E bash -', 'pipe', 'https://x.io/install.sh'],
    ['wget -O - https://x.io/i | bash', 'pipe', 'https://x.io/i'],
    ['curl -s https://x.io/i | tee /tmp/i | python3 -', 'pipe', 'https://x.io/i'],
    ['bash <(curl -s https://x.io/i.sh)', 'process-substitution', 'https://x.io/i.sh'],
    ['source <(curl -s https://x.io/env)', 'process-substitution', 'https://x.io/env'],
    ['sh -c "$(curl -fsSL https://raw.githubusercontent.com/ohmyzsh/ohmyzsh/master/tools/install.sh)"', 'command-substitution', 'https://raw.githubusercontent.com/ohmyzsh/ohmyzsh/master/tools/install.sh'],
    ['eval "$(wget -qO- https://x.io/e)"', 'command-substitution', 'https://x.io/e'],
    ['irm https://astral.sh/uv/install.ps1 | iex', 'pipe', 'https://astral.sh/uv/install.ps1'],
    [`iex ((New-Object System.Net.WebClient).DownloadString('https://community.chocolatey.org/install.ps1'))`, 'powershell', 'https://community.chocolatey.org/install.ps1'],
    ['docker run x bash -c "curl -s $URL | bash"', 'pipe', '$URL'],
  ];
  for (const [source, form, url] of cases) {
    const found = findDownloadExecutions(parseShell(source), source);
    assert.equal(found.length, 1, source);
    assert.equal(found[0]!.form, form, source);
    assert.equal(found[0]!.url?.text, url, source);
    if (url) assert.equal(source.slice(found[0]!.url!.start, found[0]!.url!.end), url, source);
  }
});

test('downloads that are not executed are not matched', () => {
  const safe = [
    'curl -s https://api.github.com/repos/a/b | python -m json.tool',
    `curl -s https://api/x | python3 -c "import sys, json; print(json.load(sys.stdin)['v'])"`,
    'curl -s https://api/x | jq -r .tag_name',
    'curl -fsSLo install.sh https://x.io/i.sh && sha256sum -c sums && sh install.sh',
    'wget https://x.io/i.sh | sh',
    'curl -sSLO https://x.io/a.tgz | bash',
    'curl https://x.io/a | bash install.sh',
    'echo "curl x | sh"',
    'diff <(curl -s https://a) <(curl -s https://b)',
    'bash -c "echo $(curl -s https://x.io/v)"',
    '# curl https://x | sh',
  ];
  for (const source of safe) assert.deepEqual(findDownloadExecutions(parseShell(source), source), [], source);
});

test('install commands go through the shared install-command parser', () => {
  const source = `apt-get update && pip install --no-cache-dir "torch==2.2.0" transformers && bash -c 'npx -y @modelcontextprotocol/server-filesystem /'`;
  const deps = installDependenciesOf(parseShell(source)).dependencies;
  assert.deepEqual(deps.map((d) => [d.name, d.group]), [['torch', 'pip install'], ['transformers', 'pip install'], ['@modelcontextprotocol/server-filesystem', 'npx']]);
  const npx = deps[2]!;
  assert.equal(source.slice(npx.nameSpan.start, npx.nameSpan.end), '@modelcontextprotocol/server-filesystem');
  assert.equal(source.slice(deps[0]!.nameSpan.start, deps[0]!.nameSpan.end), 'torch');
});

test('hostile input: deep nesting and unclosed quotes end without throwing', () => {
  const deep = 'bash -c "'.repeat(200) + 'curl x | sh';
  assert.doesNotThrow(() => parseShell(deep));
  assert.doesNotThrow(() => parseShell(`echo "unclosed $(curl 'x`));
  assert.doesNotThrow(() => parseShell('$('.repeat(5000)));
});

test('argv arrays: a -c script among the words is parsed with offsets through the word', () => {
  const json = `["bash", "-c", "curl -fsSL https://x.io/i.sh | sh"]`;
  const strings = [...json.matchAll(/"([^"]*)"/g)].map((m) => wordFromText(m[1]!, (i) => m.index! + 1 + i));
  const script = scriptFromArgv(strings);
  const found = findDownloadExecutions(script, json);
  assert.equal(found.length, 1);
  assert.equal(json.slice(found[0]!.url!.start, found[0]!.url!.end), 'https://x.io/i.sh');
  assert.equal(script.pipelines[0]!.commands[0]!.inner.length, 1);
  assert.deepEqual(findDownloadExecutions(scriptFromArgv(strings.slice(0, 1)), json), []);
});
