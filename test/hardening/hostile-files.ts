/**
 * The hostile-file set of issue 20, created at test time in a temporary folder (nothing large or special is
 * committed): FIFOs and links to /dev/zero under the names AISec reads on its own (manifests, ignore files,
 * the baseline, a model file), a symlink loop, an unreadable folder, a directory named `setup.py`, parser
 * traps, a file with 130,000 findings and a ZIP whose entry count wraps. Ordinary files with known findings
 * sit beside the special files and after all of them in walk order, so a test can tell that analysis went on.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync } from 'fflate';

/** Names AISec opens without being asked to (manifests, ignore files, the baseline) and a model file. */
export const SPECIAL_NAMES = ['requirements.txt', '.gitignore', 'pyproject.toml', 'package.json', 'setup.py', '.aisec-baseline.json', 'model.pkl'] as const;

/** An ordinary file and the rule it must be reported under, wherever it sits in the set. */
export interface OrdinaryFile {
  path: string;
  ruleId: string;
}

export interface HostileSet {
  root: string;
  /** Ordinary files (relative to root) with the finding each must get. */
  ordinary: OrdinaryFile[];
  /** Special files (relative to root) that must not be read as files: AISec must refuse them and say so. */
  special: string[];
  /** Files AISec reads and must analyse despite their content, with the finding each must still get. */
  traps: { templates: string; tail: string; manyFindings: string; wrappedZip: string };
  /** The number of findings in the many-findings file. */
  manyFindingsCount: number;
  /** Removes the set (restoring permissions first). */
  dispose(): void;
}

const PICKLE_LOADER = 'import pickle\n\n\ndef restore(blob):\n    return pickle.loads(blob)\n';
const EVAL_RUNNER = 'export function run(userInput: string) {\n  return eval(userInput);\n}\n';
/** A key in a format the secrets rules recognise from the text alone (the same as the fuzzer's). */
export const HOSTILE_KEY = 'sk-proj-Zq8vR2mXk4LpT7nW1cY9bH3sD6fJ0gA5eU2iO8rK';
const MANY_FINDINGS = 130_000;

/**
 * A 70-byte tail of unclosed, nested arrow functions, default values, template literals and patterns after the
 * lines a scan must report. The issue's own 70-byte tail is not recorded; this one stands for it, and the
 * assertions on it (the key is reported whatever parsing does; the eval finding or a note) hold for any tail.
 */
export const PATHOLOGICAL_TAIL = '({a=(b)=>[(c,{d=(e)=>`${(f,{g=(h)=>[(i,{j=(k)=>`${(l,{m=(n)=>[(o,{p=(q'.padEnd(70, '(');

/** Creates the set; the caller disposes of it. */
export function createHostileSet(): HostileSet {
  const root = mkdtempSync(join(tmpdir(), 'aisec-hostile-'));
  const write = (path: string, content: string | Uint8Array): string => {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), content);
    return path;
  };
  const ordinary: OrdinaryFile[] = [];
  const addOrdinary = (folder: string): void => {
    ordinary.push({ path: write(`${folder}/loader.py`, PICKLE_LOADER), ruleId: 'AIS101' });
    ordinary.push({ path: write(`${folder}/run.ts`, EVAL_RUNNER), ruleId: 'AIS240' });
  };

  // Parser traps and oversized results come first in walk order.
  // 20 KB: a template literal whose substitution runs into 4,000 nested tags traps the TypeScript parser (a
  // WebAssembly "null function or function signature mismatch"), which then failed every later file.
  const templates = write('a-traps/templates.ts', `export const greeting = eval(userInput);\nexport const page = \`<p>\${state${'<div>'.repeat(4000)}{x}\n`);
  write('a-traps/nested-templates.ts', `export const t = ${'`${'.repeat(4000)}x${'}`'.repeat(4000)};\neval(userInput);\n`);
  const tail = write('a-traps/tail.js', `const key = "${HOSTILE_KEY}";\neval(userInput);\n${PATHOLOGICAL_TAIL}`);
  const manyFindings = write('a-traps/many-findings.py', 'eval(x)\n'.repeat(MANY_FINDINGS));
  const wrappedZip = write('a-traps/wrapped.npz', wrappedCountZip());

  const special: string[] = [];
  // FIFOs: a blocking open() or read() of one never returns, since no writer ever comes.
  for (const name of SPECIAL_NAMES) {
    mkdirSync(join(root, 'fifo'), { recursive: true });
    execFileSync('mkfifo', [join(root, 'fifo', name)]);
    special.push(`fifo/${name}`);
  }
  addOrdinary('fifo');
  // Links to /dev/zero: reading one to its end never ends and fills memory.
  mkdirSync(join(root, 'zero'), { recursive: true });
  for (const name of SPECIAL_NAMES) {
    symlinkSync('/dev/zero', join(root, 'zero', name));
    special.push(`zero/${name}`);
  }
  addOrdinary('zero');

  mkdirSync(join(root, 'loop'), { recursive: true });
  symlinkSync('b', join(root, 'loop', 'a'));
  symlinkSync('a', join(root, 'loop', 'b'));
  symlinkSync('.', join(root, 'loop', 'self'));
  addOrdinary('loop');

  write('unreadable/hidden.py', PICKLE_LOADER);
  chmodSync(join(root, 'unreadable'), 0o000);

  mkdirSync(join(root, 'setup-dir', 'setup.py'), { recursive: true });
  write('setup-dir/requirements.txt', 'requests==2.31.0\n');
  addOrdinary('setup-dir');

  // Ordinary files after everything else: a scan that stopped analysing after a trap misses them.
  addOrdinary('zz-after');

  return {
    root,
    ordinary,
    special,
    traps: { templates, tail, manyFindings, wrappedZip },
    manyFindingsCount: MANY_FINDINGS,
    dispose() {
      chmodSync(join(root, 'unreadable'), 0o755);
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/**
 * A NumPy `.npz` of 65,537 members whose end-of-central-directory record says 1 (the 16-bit count wraps).
 * Python's `zipfile` (and so `numpy.load`) reads the whole central directory and finds the last member,
 * `weights.npy`: an object array whose pickle calls `os.system`. A reader that trusts the count sees one
 * harmless member.
 */
export function wrappedCountZip(): Uint8Array {
  const members: Record<string, Uint8Array> = {};
  const filler = new Uint8Array([0x30]);
  for (let i = 0; i < 65_536; i++) members[`f${i}.txt`] = filler;
  members['weights.npy'] = objectArrayNpy();
  const zip = zipSync(members, { level: 0 });
  // Make the wrapped counts explicit (whatever the writer did): this disk's entries and the total, both 1.
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const eocd = zip.length - 22;
  if (view.getUint32(eocd, true) !== 0x06054b50) throw new Error('the ZIP writer left a comment after the end record');
  view.setUint16(eocd + 8, 65_537 & 0xffff, true);
  view.setUint16(eocd + 10, 65_537 & 0xffff, true);
  return zip;
}

/** An `.npy` file of one object whose pickle (protocol 2) runs `os.system('id')` when NumPy loads it. */
function objectArrayNpy(): Uint8Array {
  const header = "{'descr': '|O', 'fortran_order': False, 'shape': (1,), }";
  const padded = header + ' '.repeat(64 - ((10 + header.length + 1) % 64)) + '\n';
  const prefix = new Uint8Array([0x93, ...Buffer.from('NUMPY'), 1, 0, padded.length & 0xff, padded.length >> 8]);
  const pickle = Buffer.from('\x80\x02cposix\nsystem\nq\x00X\x02\x00\x00\x00idq\x01\x85q\x02Rq\x03.', 'latin1');
  return new Uint8Array([...prefix, ...Buffer.from(padded, 'latin1'), ...pickle]);
}
