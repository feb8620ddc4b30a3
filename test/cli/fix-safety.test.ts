/**
 * `aisec fix` cannot lose data: byte-order marks, CRLF and declared encodings survive byte for byte, an
 * encoding AISec cannot write back is refused, read-only files are skipped while the run goes on, writes
 * keep the mode and leave no temporary file, a secret leaves the code only when it is in `.env`, and a
 * dependency is declared once. Each test runs the built CLI on files in a fresh temporary folder.
 */
import { after, test } from 'node:test';
import { execFileSync } from 'node:child_process';
import assert from 'node:assert/strict';
import { chmodSync, linkSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { generateKey } from '../secrets/keygen';
import { runCli } from './run-cli';

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const GROQ_KEY = generateKey('groq');
const folders: string[] = [];

after(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

/** A fresh folder holding `files` (text is written as UTF-8, buffers as they are). */
function project(files: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(join(tmpdir(), 'aisec-fix-safety-'));
  folders.push(dir);
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  return dir;
}

const bytesOf = (dir: string, name: string): Buffer => readFileSync(join(dir, name));
const textOf = (dir: string, name: string): string => readFileSync(join(dir, name), 'utf8');
const latin1 = (text: string): Buffer => Buffer.from(text, 'latin1');

function fix(dir: string, ...args: string[]): string {
  const run = runCli(['fix', ...args], dir);
  assert.doesNotMatch(run.stderr, /internal error/i, run.stderr);
  assert.ok(run.status === 0 || run.status === 1, `exit ${run.status}: ${run.stderr}`);
  return run.stdout;
}

test('a first-line edit after a UTF-8 byte-order mark lands once, in the right place, and the mark stays', () => {
  const dir = project({ 'bom.py': Buffer.concat([BOM, Buffer.from('import torch; m = torch.load("/srv/model.pt")\n')]) });
  // The frame is the text the columns count in: without the mark, so the carets stand under the call.
  assert.match(runCli(['scan', 'bom.py'], dir).stdout, /^ {2}> 1 \| import torch; m = torch\.load\("\/srv\/model\.pt"\)\n {6}\| {19}\^+$/m);
  const out = fix(dir, '--unsafe', 'bom.py');
  assert.match(out, /^Fixed 1 finding in 1 file/m);
  assert.deepEqual(bytesOf(dir, 'bom.py'), Buffer.concat([BOM, Buffer.from('import torch; m = torch.load("/srv/model.pt", weights_only=True)\n')]));
});

test('an inserted import goes after the byte-order mark, and the key moves to .env', () => {
  const dir = project({ 'key.py': Buffer.concat([BOM, Buffer.from(`from groq import Groq\nclient = Groq(api_key="${GROQ_KEY}")\n`)]) });
  fix(dir, '--unsafe', 'key.py');
  assert.deepEqual(bytesOf(dir, 'key.py'), Buffer.concat([BOM, Buffer.from('import os\nfrom groq import Groq\nclient = Groq(api_key=os.environ["GROQ_API_KEY"])\n')]));
  assert.equal(textOf(dir, '.env'), `GROQ_API_KEY=${GROQ_KEY}\n`);
  assert.equal(statSync(join(dir, '.env')).mode & 0o777, 0o600, 'a new .env is readable by its owner only');
  assert.equal(textOf(dir, '.gitignore'), '.env\n');
});

test('CRLF files get CRLF in inserted lines', () => {
  const dir = project({ 'crlf.py': `from groq import Groq\r\nclient = Groq(api_key="${GROQ_KEY}")\r\n` });
  fix(dir, '--unsafe', 'crlf.py');
  assert.equal(textOf(dir, 'crlf.py'), 'import os\r\nfrom groq import Groq\r\nclient = Groq(api_key=os.environ["GROQ_API_KEY"])\r\n');
});

test('Latin-1 and CP1252 files declared with a coding cookie keep every byte', () => {
  const body = (text: string): string => `${text}\nimport yaml\nNAME = "Caf\u00e9 \u00ab\u00bb"\ndef f(t):\n    return yaml.load(t)\n`;
  const dir = project({
    'latin.py': latin1(body('# -*- coding: latin-1 -*-')),
    'second-line.py': latin1(body('#!/usr/bin/env python\n# vim: set fileencoding=iso-8859-1 :')),
    'windows.py': Buffer.concat([latin1(body('# coding: cp1252')), Buffer.from([0x23, 0x20, 0x80, 0x93, 0x94, 0x0a])]),
  });
  const scan = runCli(['scan', '.', '--format', 'json'], dir);
  assert.doesNotMatch(scan.stdout, /not valid UTF-8/, 'a declared encoding is read as declared');
  const frame = project({ 'frame.py': latin1('# coding: latin-1\nimport yaml\nx = yaml.load("Caf\u00e9")\n') });
  assert.match(runCli(['scan', 'frame.py'], frame).stdout, /^ {2}> 3 \| x = yaml\.load\("Caf\u00e9"\)$/m, 'code frames show the text as analysed');
  assert.match(fix(dir), /^Fixed 3 findings in 3 files/m);
  assert.deepEqual(bytesOf(dir, 'latin.py'), latin1(body('# -*- coding: latin-1 -*-').replace('yaml.load', 'yaml.safe_load')));
  assert.deepEqual(bytesOf(dir, 'second-line.py'), latin1(body('#!/usr/bin/env python\n# vim: set fileencoding=iso-8859-1 :').replace('yaml.load', 'yaml.safe_load')));
  assert.deepEqual(bytesOf(dir, 'windows.py'), Buffer.concat([latin1(body('# coding: cp1252').replace('yaml.load', 'yaml.safe_load')), Buffer.from([0x23, 0x20, 0x80, 0x93, 0x94, 0x0a])]));
});

test('a file AISec cannot write back byte-exactly is refused with a note naming it, and the run goes on', () => {
  const code = 'import yaml\ndef f(t):\n    return yaml.load(t)\n';
  const sjis = Buffer.concat([Buffer.from('# coding: shift_jis\n# '), Buffer.from([0x93, 0xfa, 0x96, 0x7b, 0x0a]), Buffer.from(code)]);
  const broken = Buffer.concat([Buffer.from('# caf'), Buffer.from([0xe9, 0x0a]), Buffer.from(code)]);
  const undefinedCp1252 = Buffer.concat([Buffer.from('# coding: cp1252\n# '), Buffer.from([0x81, 0x0a]), Buffer.from(code)]);
  const dir = project({ 'sjis.py': sjis, 'broken.py': broken, 'undefined.py': undefinedCp1252, 'ok.py': code });
  const out = fix(dir);
  assert.match(out, /^Refused to fix sjis\.py: the file declares the encoding "shift_jis" \(PEP 263\), which AISec does not support, so AISec cannot write it back byte-exactly; nothing was written$/m);
  assert.match(out, /^Refused to fix broken\.py: the file is not valid UTF-8, so AISec cannot write it back byte-exactly; nothing was written$/m);
  assert.match(out, /^Refused to fix undefined\.py: the file is not valid cp1252/m);
  assert.match(out, /^Fixed 1 finding in 1 file/m);
  assert.deepEqual(bytesOf(dir, 'sjis.py'), sjis);
  assert.deepEqual(bytesOf(dir, 'broken.py'), broken);
  assert.deepEqual(bytesOf(dir, 'undefined.py'), undefinedCp1252);
  assert.match(textOf(dir, 'ok.py'), /yaml\.safe_load/);
});

test('a read-only file is reported and skipped, the run goes on, and writes keep mode, links and no temporary file', () => {
  const code = 'import yaml\ndef f(t):\n    return yaml.load(t)\n';
  const dir = project({ 'a_readonly.py': code, 'b_mode.py': code, 'real/c_target.py': code, 'd_hardlinked.py': code });
  chmodSync(join(dir, 'a_readonly.py'), 0o444);
  chmodSync(join(dir, 'b_mode.py'), 0o640);
  symlinkSync(join(dir, 'real', 'c_target.py'), join(dir, 'c_link.py'));
  linkSync(join(dir, 'd_hardlinked.py'), join(dir, 'real', 'd_other_name.txt'));
  const out = fix(dir, 'a_readonly.py', 'b_mode.py', 'c_link.py', 'd_hardlinked.py');
  assert.match(out, /^Refused to fix a_readonly\.py: the file is read-only; nothing was written$/m);
  assert.match(out, /^Refused to fix d_hardlinked\.py: the file has 2 hard links, which replacing it would split; nothing was written$/m);
  assert.match(out, /^Fixed 2 findings in 2 files/m);
  assert.equal(textOf(dir, 'a_readonly.py'), code);
  assert.equal(statSync(join(dir, 'a_readonly.py')).mode & 0o777, 0o444);
  assert.match(textOf(dir, 'b_mode.py'), /yaml\.safe_load/);
  assert.equal(statSync(join(dir, 'b_mode.py')).mode & 0o777, 0o640, 'the mode is kept');
  assert.ok(lstatSync(join(dir, 'c_link.py')).isSymbolicLink(), 'the link is still a link');
  assert.match(textOf(dir, 'real/c_target.py'), /yaml\.safe_load/, 'the file behind the link is fixed');
  assert.equal(textOf(dir, 'd_hardlinked.py'), code);
  const leftovers = [...readdirSync(dir), ...readdirSync(join(dir, 'real'))].filter((name) => name.includes('.aisec-'));
  assert.deepEqual(leftovers, [], 'no temporary file is left behind');
});

test('fix --unsafe removes a hard-coded key only together with writing it to .env', () => {
  const source = `from groq import Groq\nclient = Groq(api_key="${GROQ_KEY}")\n`;
  const blocked = project({ 'app.py': source, '.env': 'OTHER=1\n' });
  chmodSync(join(blocked, '.env'), 0o444);
  const out = fix(blocked, '--unsafe', 'app.py');
  assert.match(out, /^Refused to fix app\.py: \.env was not written: the file is read-only; nothing was written$/m);
  assert.equal(textOf(blocked, 'app.py'), source, 'the key stays in the code when .env cannot hold it');
  assert.equal(textOf(blocked, '.env'), 'OTHER=1\n');

  // A FIFO named .env would block a plain read forever: it is refused at once.
  const fifo = project({ 'app.py': source });
  execFileSync('mkfifo', [join(fifo, '.env')]);
  assert.match(fix(fifo, '--unsafe', 'app.py'), /^Refused to fix app\.py: \.env cannot be edited: it is a FIFO \(named pipe\), not a regular file; AISec reads regular files only; nothing was written$/m);
  assert.equal(textOf(fifo, 'app.py'), source);

  const open = project({ 'app.py': source, '.env': 'OTHER=1' });
  fix(open, '--unsafe', 'app.py');
  assert.doesNotMatch(textOf(open, 'app.py'), new RegExp(GROQ_KEY));
  assert.equal(textOf(open, '.env'), `OTHER=1\nGROQ_API_KEY=${GROQ_KEY}\n`);
});

test('a dependency is declared once, however many files import it and however often fix runs, and never as "*"', () => {
  const dir = project({
    'requirements.txt': 'requests==2.31.0\n',
    'c.py': 'import yaml\nimport numpy\ndef f(t):\n    return yaml.load(t)\n',
    'd.py': 'import yaml\n',
    'web/package.json': '{\n  "name": "web",\n  "dependencies": {\n    "express": "^4.18.0"\n  }\n}\n',
    'web/a.js': 'import _ from "lodash";\n',
    'svc/requirements.txt': Buffer.concat([BOM, Buffer.from('requests==2.31.0\r\n')]),
    'svc/e.py': 'import toml\n',
  });
  const packageJson = textOf(dir, 'web/package.json');
  // Undeclared imports are advisory (the audit profile reports them and their manifest fixes).
  fix(dir, '--unsafe', '--profile', 'audit');
  fix(dir, '--unsafe', '--profile', 'audit');
  const requirements = textOf(dir, 'requirements.txt').split('\n');
  assert.equal(requirements.filter((line) => /^pyyaml\b/i.test(line)).length, 1, textOf(dir, 'requirements.txt'));
  assert.equal(requirements.filter((line) => /^numpy\b/i.test(line)).length, 1, textOf(dir, 'requirements.txt'));
  assert.match(textOf(dir, 'c.py'), /yaml\.safe_load/);
  assert.equal(textOf(dir, 'web/package.json'), packageJson, 'without a known version no "*" entry is added');
  const svc = bytesOf(dir, 'svc/requirements.txt');
  assert.deepEqual(svc.subarray(0, 3), BOM, 'a manifest keeps its byte-order mark');
  assert.match(svc.subarray(3).toString('utf8'), /^requests==2\.31\.0\r\ntoml(?:==[\w.]+)?\r\n$/, 'and its CRLF line breaks');
});

test('a manifest fixed in the same run receives the new dependency after its own fix, once', () => {
  const dir = project({ 'requirements.txt': '--index-url http://pypi.example.com/simple\nrequests==2.31.0\n', 'c.py': 'import yaml\n' });
  const out = fix(dir, '--unsafe', '--profile', 'audit');
  assert.match(out, /^Fixed 2 findings in 2 files/m);
  assert.doesNotMatch(out, /Refused/);
  // The constraint follows the manifest's `==` when the package intelligence knows a version, else the bare name.
  assert.match(textOf(dir, 'requirements.txt'), /^--index-url https:\/\/pypi\.example\.com\/simple\nrequests==2\.31\.0\npyyaml(?:==[\w.]+)?\n$/);
});
