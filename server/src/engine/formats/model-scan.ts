/**
 * Scans a model file's bytes without executing or unpickling anything: recognises the format by its magic
 * bytes (then by its extension), opens containers (ZIP, tar, gzip/zlib, `.npy`, HDF5), walks every pickle
 * it finds, reads Keras configs and validates safetensors headers, following archives nested inside
 * archives to a bounded depth.
 *
 * Bounded work for any input: the host passes at most `maxModelFileBytes` of the file (a prefix when the
 * file is larger), decompression stops at a per-member and a per-file output budget, archive listings and
 * nesting are capped, and the pickle walker is a single linear pass. Whatever could not be checked becomes
 * a `ScanGap`, so a file is never reported clean just because the scanner gave up on it.
 */
import { formatSize, hasBytes, latin1, u64le } from './bytes';
import { inflateBounded, type Wrapper } from './inflate';
import { walkPickles, type PickleGlobal, type PickleStreamScan } from './pickle';
import { classifyGlobal, type GlobalVerdict } from './pickle-policy';
import { looksLikeNpy, parseNpyHeader } from './npy';
import { looksLikeHdf5, findKerasModelConfig } from './hdf5';
import { DEEP_CONFIG, MAX_NODES as MAX_KERAS_NODES, scanKerasConfig } from './keras-config';
import { checkSafetensors, looksLikeSafetensors } from './safetensors';
import { looksLikeGguf, readGgufMetadata } from './gguf';
import { checkChatTemplate } from './chat-template';
import { findHydraTargets } from './hydra-targets';
import { looksLikeTar, readTar } from './tar';
import { looksLikeSevenZip, readSevenZip } from './sevenzip';
import { scanTensorflowGraph } from './tensorflow-graph';
import { looksLikeOnnx, scanOnnx } from './onnx';
import { readTorchServeManifest } from './torchserve';
import { isNativeCodeMember, isPt2Archive, isPt2ProgramMember, readPt2Program } from './pt2';
import { memberVerdicts } from './member-verdicts';
import { hasZipDirectory, isPlainDespiteEncryptionFlag, looksLikeZip, readEntry, readZip, type ZipEntry } from './zip';
import { strFromU8 } from 'fflate';
import { MAX_CODE_MEMBER_BYTES, MAX_CODE_MEMBERS, type GlobalSite, type MemberPath, type ModelFormat, type ModelScan, type ScanGap } from './model-scan-types';

export type { ModelScan, GlobalSite, ScanGap, ModelFormat, KerasSite, PickleSummary, TemplateSite, MetadataTarget } from './model-scan-types';

/** The host setting that caps how many bytes of a model file are read; named in messages about prefixes. */
export const SIZE_LIMIT_SETTING = 'maxModelFileBytes';

export interface ModelScanInput {
  /** The file's path (only its extension is used, as a hint when the content has no magic bytes). */
  path: string;
  /** The file's bytes, or a prefix of them. */
  bytes: Uint8Array;
  /** The real size of the file. */
  fileSize: number;
  /** Exact global names the user declares safe (`modelFiles.allowGlobals`); they never override the deny list. */
  allowGlobals?: readonly string[];
  limits?: Partial<ScanLimits>;
  /**
   * Asked by the host's file system for each external-data path of a top-level ONNX model that stays inside the
   * folder as text: why it leaves the folder through a symbolic link, if it does (`ProjectFacts.linkEscape`).
   */
  linkEscape?: (relativePath: string) => string | undefined;
}

export interface ScanLimits {
  /** Archives nested inside archives are followed this deep. */
  maxDepth: number;
  /** Decompressed bytes read from one archive member or compressed stream. */
  maxMemberBytes: number;
  /** Decompressed bytes read for the whole file, all members together. */
  maxTotalInflated: number;
  /** Archive members examined for the whole file. */
  maxMembers: number;
}

export const DEFAULT_SCAN_LIMITS: ScanLimits = {
  maxDepth: 3,
  maxMemberBytes: 128 * 1024 * 1024,
  maxTotalInflated: 256 * 1024 * 1024,
  maxMembers: 100_000,
};

/** Scans one model file. Never throws: an internal failure becomes a gap. */
export function scanModelFile(input: ModelScanInput): ModelScan {
  const scanner = new Scanner(input);
  try {
    scanner.run();
  } catch (e) {
    scanner.result.gaps.push({ severity: 'warning', reason: `the scanner failed on this file (${e instanceof Error ? e.message : String(e)})`, member: '' });
  }
  return scanner.result;
}

/** Bytes read from an archived `.npy` to decide whether its data is a pickle (headers are far smaller). */
const NPY_HEADER_PEEK = 64 * 1024;

/** Extensions whose files are pickles (or start with one) when they are not archives. */
const PICKLE_EXTENSIONS = new Set(['.pkl', '.pickle', '.pt', '.pth', '.ckpt', '.joblib', '.dill', '.sav', '.p', '.pck', '.pcl', '.model', '.mar']);
/** Extensions that promise a specific model format: an unrecognised file with one of them is worth a warning. */
const MODEL_SPECIFIC_EXTENSIONS = new Set(['.gguf', '.pkl', '.pickle', '.pt', '.pth', '.ckpt', '.joblib', '.dill', '.sav', '.npy', '.npz', '.keras', '.h5', '.hdf5', '.safetensors']);
/** Archive members worth opening as model files of their own. */
const NESTED_EXTENSIONS = new Set(['.onnx', '.7z', '.tgz', '.nemo', '.pt2', '.gguf', '.pb', '.pt', '.pth', '.bin', '.ckpt', '.joblib', '.keras', '.npz', '.npy', '.zip', '.h5', '.hdf5', '.safetensors', '.tar', '.dill', '.sav', '.gz', '.mar', '.pkl', '.pickle']);

interface Slice {
  data: Uint8Array;
  /** The real size of this content. */
  size: number;
  /** Why `data` is shorter than `size`, if it is. */
  cut?: 'window' | 'limit' | 'damaged';
}

class Scanner {
  readonly result: ModelScan;
  private readonly root: Uint8Array;
  private readonly limits: ScanLimits;
  private readonly userAllowed: ReadonlySet<string>;
  private readonly byGlobal = new Map<string, GlobalSite>();
  private inflatedTotal = 0;
  private membersExamined = 0;
  private wrapperLabel = '';
  /** Leaf archive members in the order they were met, for the per-member verdicts. */
  private readonly memberPaths: MemberPath[] = [];
  /** Members whose verdict follows from their role rather than their bytes (handler code, TorchScript code). */
  private readonly memberRoles = new Map<MemberPath, { verdict: 'suspicious'; reason: string }>();

  constructor(private readonly input: ModelScanInput) {
    this.root = input.bytes;
    this.limits = { ...DEFAULT_SCAN_LIMITS, ...input.limits };
    this.userAllowed = new Set(input.allowGlobals ?? []);
    this.result = {
      fileSize: input.fileSize,
      bytesExamined: input.bytes.length,
      format: 'unknown',
      formatLabel: 'unrecognised format',
      pickleBased: false,
      pickles: [],
      globals: [],
      keras: [],
      chatTemplates: [],
      metadataTargets: [],
      tensorflowFileOps: [],
      tensorflowPythonOps: [],
      tensorflowAssets: [],
      onnxExternalData: [],
      onnxCustomDomains: [],
      codeMembers: [],
      exportPrograms: [],
      nativeCode: [],
      gaps: [],
      archiveDisagreements: [],
      notes: [],
      membersSeen: 0,
      members: [],
    };
  }

  run(): void {
    const { bytes, fileSize, path } = this.input;
    if (fileSize === 0 || bytes.length === 0) {
      this.result.notes.push(fileSize === 0 ? 'the file is empty' : 'no bytes were given');
      if (fileSize > 0) this.gap('info', 'the file was not read', '');
      return;
    }
    if (startsWithAscii(bytes, 'version https://git-lfs.github.com/spec/')) {
      // A Git LFS pointer: the model itself was never fetched, so there is nothing here that could load.
      this.result.formatLabel = 'Git LFS pointer (the model file is not checked out)';
      this.result.notes.push('this is a Git LFS pointer; run `git lfs pull` to fetch the model, then scan it');
      return;
    }
    const slice: Slice = { data: bytes, size: Math.max(fileSize, bytes.length) };
    if (bytes.length < fileSize) slice.cut = 'window';
    this.scanContent(slice, '', 0, path);
    if (!slice.cut && !looksLikeZip(bytes) && hasZipDirectory(bytes) && isRealZipDirectory(bytes)) {
      // A polyglot: another format up front and a ZIP directory at the end. Loaders that locate archives by
      // their end record (zipfile, some torch versions) open the ZIP part, so its members are scanned too.
      this.result.notes.push('the file also ends with a ZIP directory (a polyglot); the ZIP members were scanned too');
      if (PICKLE_FIRST_FORMATS.has(this.result.format)) {
        this.result.archiveDisagreements.push({
          member: '',
          reason: 'a pickle followed by a ZIP archive (a polyglot): pickle.load and torch.load run the leading pickle, while zipfile-based readers and scanners see only the ZIP members',
        });
      }
      this.scanZip(slice, 'embedded ZIP', 0, extensionOf(path));
    }
    this.result.globals = [...this.byGlobal.values()];
    this.result.globals.sort((a, b) => levelRank(a.level) - levelRank(b.level) || a.offset - b.offset);
    const verdicts = memberVerdicts(this.result, this.memberPaths, this.memberRoles);
    this.result.members = verdicts.members;
    if (verdicts.unlisted > 0) this.result.notes.push(`${verdicts.unlisted} more archive members were scanned but are not listed one by one`);
  }

  // --- Dispatch ---

  private scanContent(s: Slice, member: MemberPath, depth: number, name: string): void {
    const b = s.data;
    const ext = extensionOf(name);
    if (looksLikeZip(b)) return this.scanZip(s, member, depth, ext);
    if (looksLikeNpy(b)) return this.scanNpy(s, member, depth);
    if (looksLikeSafetensors(b) && s.size >= 8 + u64le(b, 0)) return this.scanSafetensors(s, member);
    if (hasPickleMagic(b)) return this.scanPickle(s, member, 'pickle', { required: true });
    if (hasBytes(b, 0, [0x1f, 0x8b])) return this.scanCompressed(s, member, depth, name, 'gzip', 0);
    if (b[0] === 0x78 && b.length > 1 && ((b[0] << 8) | b[1]!) % 31 === 0) return this.scanCompressed(s, member, depth, name, 'zlib', 0);
    if (b[0] === 0x5a && b[1] === 0x46 && b.length > 23 && /^0x[0-9a-f]+ *$/.test(latin1(b, 2, 21))) {
      // joblib < 0.10 z-files: "ZF", the length as "0x…" padded to 19 characters, an optional space, zlib data.
      return this.scanCompressed(s, member, depth, name, 'zlib', b[21] === 0x20 ? 22 : 21);
    }
    if (looksLikeSevenZip(b)) return this.scanSevenZip(s, member, depth);
    const codec = unsupportedCodec(b);
    if (codec) {
      this.setFormat('compressed', `${codec}-compressed data`);
      this.gap('info', `the content is ${codec}-compressed, which the scanner does not decompress; decompress it to have it checked`, member);
      return;
    }
    if (looksLikeHdf5(b)) return this.scanHdf5(s, member);
    if (looksLikeTar(b)) return this.scanTar(s, member, depth);
    if (looksLikeGguf(b)) return this.scanGguf(s, member);
    if (ext === '.onnx' || looksLikeOnnx(b)) return this.scanOnnx(s, member, ext);
    if (ext === '.safetensors') return this.scanSafetensors(s, member);
    if (ext === '.pb') return this.scanTensorflow(s, member, name);
    this.scanUnrecognised(s, member, ext);
  }

  private scanUnrecognised(s: Slice, member: MemberPath, ext: string): void {
    if (looksLikeUnframedPickle(s.data)) {
      this.scanPickle(s, member, 'pickle', { required: true });
      return;
    }
    if (looksLikeText(s.data)) {
      const what = ext === '.pth' ? 'a text file (a Python path-configuration .pth file, not a PyTorch checkpoint)' : 'a text file, not a model';
      this.result.notes.push(`${where(member)}the content is ${what}`);
      return;
    }
    if (MODEL_SPECIFIC_EXTENSIONS.has(ext) || PICKLE_EXTENSIONS.has(ext)) {
      this.gap('warning', `the content is not a valid ${ext} file (no known magic bytes and not a pickle), so it was not checked`, member);
    } else {
      this.result.notes.push(`${where(member)}the content is not a model format the scanner knows (no pickle, archive or tensor header)`);
    }
  }

  // --- Pickles ---

  private scanPickle(s: Slice, member: MemberPath, format: ModelFormat, how: { required: boolean; opportunistic?: boolean }): void {
    const data = s.data;
    const walk: PickleStreamScan = walkPickles(data, { continueAfterStop: 'all', legacyTorch: true });
    let effectiveFormat = format;
    if (walk.legacyTorch) {
      effectiveFormat = 'pytorch-legacy';
      if (walk.trailingBytes > 0) this.result.notes.push(`${where(member)}${formatSize(walk.trailingBytes)} of raw tensor storage follow the pickles (not code)`);
    } else {
      if (walk.joblibArrays > 0 || walk.globals.some((g) => g.qualified === 'joblib.numpy_pickle.NumpyArrayWrapper')) effectiveFormat = 'joblib';
      if (walk.trailingBytes > 0) this.result.notes.push(`${where(member)}${formatSize(walk.trailingBytes)} after the last pickle are not a pickle (ignored)`);
    }
    const completed = walk.pickles.filter((p) => p.complete).length;
    if (how.opportunistic && completed === 0) {
      this.result.notes.push(`${where(member)}starts like a pickle but is not one (treated as data)`);
      return;
    }
    if (format === 'pickle') this.setFormat(effectiveFormat, FORMAT_LABELS[effectiveFormat]);
    this.result.pickleBased = true;
    const fileBase = this.fileOffsetBase(data);
    for (const p of walk.pickles) {
      this.result.pickles.push({
        member,
        start: p.start,
        end: p.end,
        protocol: p.protocol,
        opcodes: p.opcodes,
        complete: p.complete,
        ...(p.error ? { error: p.error } : {}),
        ...(p.nested ? { nested: true } : {}),
      });
      if (!p.error) continue;
      const at = fileBase !== undefined ? `byte ${fileBase + p.error.offset}` : `byte ${p.error.offset}`;
      if (p.error.kind === 'truncated' && s.cut) {
        if (s.cut === 'window') this.gap('info', `only the first ${formatSize(data.length)} of ${formatSize(s.size)} were read (${SIZE_LIMIT_SETTING}); the pickle continues past them`, member);
        continue;
      }
      if (how.opportunistic) continue;
      const what = p.error.kind === 'truncated' ? 'is truncated' : p.error.kind === 'limit' ? 'exceeds a scanner limit' : 'is malformed';
      this.gap('warning', `the pickle at byte ${p.start}${where(member, ' of ')} ${what} (${p.error.message} at ${at}); globals before that point were checked`, member);
    }
    if (walk.pickleCapHit) this.gap('warning', `more than ${walk.pickles.length} pickles follow one another; the rest were not checked`, member);
    if (walk.droppedGlobals > 0) this.gap('warning', `more than ${walk.globals.length} global imports; the rest were not classified`, member);
    const callsByOffset = new Map<string, string[]>();
    for (const c of walk.calls) {
      const list = callsByOffset.get(c.callee) ?? [];
      if (list.length < 3) list.push(`${c.opcode}${c.args ? ` ${c.args}` : ''}`);
      callsByOffset.set(c.callee, list);
    }
    for (const g of walk.globals) {
      const verdict = mutationVerdict(classifyGlobal(g.module, g.name, g.resolved, this.userAllowed), g.mutatedBy);
      const key = verdict.normalized;
      const existing = this.byGlobal.get(key);
      if (existing) {
        existing.count++;
        if (g.mutatedBy && existing.level !== 'dangerous') Object.assign(existing, { level: verdict.level, reason: verdict.reason, offset: g.offset, opcode: g.opcode });
        continue;
      }
      const site: GlobalSite = {
        global: g.resolved ? verdict.normalized : `${g.module}.${g.name}`,
        level: verdict.level,
        reason: verdict.reason,
        member,
        offset: g.offset,
        count: 1,
        opcode: g.opcode,
        calls: callsByOffset.get(g.qualified) ?? [],
        format: effectiveFormat === 'pickle' ? (this.result.format === 'unknown' ? 'pickle' : this.result.format) : effectiveFormat,
      };
      if (fileBase !== undefined) site.fileOffset = fileBase + g.offset;
      this.byGlobal.set(key, site);
    }
  }

  // --- Containers ---

  private scanCompressed(s: Slice, member: MemberPath, depth: number, name: string, wrapper: Wrapper, skip: number): void {
    if (depth >= this.limits.maxDepth) {
      this.gap('warning', `compressed data nested more than ${this.limits.maxDepth} levels deep was not checked`, member);
      return;
    }
    const budget = this.inflateBudget();
    const out = inflateBounded(s.data.subarray(skip), budget, wrapper);
    this.inflatedTotal += out.data.length;
    this.wrapperLabel = `${wrapper}-compressed`;
    const inner: Slice = { data: out.data, size: out.data.length };
    if (!out.complete) {
      if (out.exceeded) {
        const bomb = isBombRatio(out.data.length, out.consumed);
        this.gap(
          bomb ? 'warning' : 'info',
          bomb
            ? `the ${wrapper} stream expands beyond ${formatSize(budget)} from ${formatSize(out.consumed)} (a decompression bomb); only that much was checked`
            : `the ${wrapper} stream decompresses to more than the ${formatSize(budget)} scan limit; only that much was checked`,
          member,
        );
        inner.cut = 'limit';
      } else if (s.cut === 'window') {
        inner.cut = 'window';
        this.gap('info', `only the first ${formatSize(s.data.length)} of ${formatSize(s.size)} were read (${SIZE_LIMIT_SETTING}); the compressed stream continues past them`, member);
      } else {
        inner.cut = 'damaged';
        this.gap('warning', `the ${wrapper} stream is damaged (${out.error ?? 'unknown error'}); only the part before the damage was checked`, member);
      }
    }
    if (out.data.length === 0) return;
    this.scanContent(inner, member, depth + 1, stripCompressionExtension(name));
  }

  private scanZip(s: Slice, member: MemberPath, depth: number, ext: string): void {
    const b = s.data;
    const archive = readZip(b, !s.cut);
    this.result.membersSeen += archive.entries.length;
    const names = archive.entries.map((e) => e.name);
    const isKeras = names.includes('config.json') && (ext === '.keras' || names.includes('metadata.json') || names.some((n) => n.endsWith('.weights.h5')));
    const codeFiles = names.filter((n) => /(^|\/)code\/.+\.py$/.test(n)).length;
    const isTorchScript = codeFiles > 0 || names.some((n) => /(^|\/)constants\.pkl$/.test(n));
    const hasDataPkl = names.some((n) => /(^|\/)data\.pkl$/.test(n));
    const isNpz = names.length > 0 && names.every((n) => n.endsWith('.npy'));
    const manifest = archive.entries.find((e) => e.name === TORCHSERVE_MANIFEST);
    const isPt2 = isPt2Archive(names);
    const format: ModelFormat = manifest ? 'torchserve' : isPt2 ? 'pt2' : isKeras ? 'keras' : isTorchScript ? 'torchscript' : hasDataPkl ? 'pytorch-zip' : isNpz || ext === '.npz' ? 'npz' : 'zip';
    this.setFormat(format, FORMAT_LABELS[format]);
    if (isTorchScript && !this.result.torchScript) this.result.torchScript = { member, codeFiles };
    if (manifest) this.readTorchServe(b, manifest, member, archive.entries);
    for (const problem of archive.problems) this.gap('warning', `ZIP structure: ${problem}`, member);
    for (const reason of archive.disagreements) this.result.archiveDisagreements.push({ member, reason });
    if (archive.partialListing && s.cut === 'window') {
      const last = archive.entries[archive.entries.length - 1];
      this.gap('info', `only the first ${formatSize(b.length)} of ${formatSize(s.size)} were read (${SIZE_LIMIT_SETTING}); archive members after ${last ? `"${last.name}"` : 'the start'} were not checked`, member);
    } else if (archive.partialListing && archive.problems.length === 0) {
      this.gap('warning', 'the archive has no readable central directory; members were found from their local headers only', member);
    }
    for (const entry of archive.entries) {
      if (entry.name.endsWith('/')) continue;
      if (++this.membersExamined > this.limits.maxMembers) {
        this.gap('warning', `more than ${this.limits.maxMembers} archive members; the rest were not checked`, member);
        return;
      }
      const path = join(member, entry.name);
      this.memberPaths.push(path);
      if (isPlainDespiteEncryptionFlag(entry)) {
        this.gap('warning', 'the member is flagged as encrypted although its data is stored as plain text: PyTorch and zipfile refuse to read it, while readers that ignore the flag read it, so it was scanned as plain data', path);
      }
      if (isTorchScript && /(^|\/)code\/.+\.py$/.test(entry.name)) this.memberRoles.set(path, { verdict: 'suspicious', reason: 'TorchScript code, compiled and run by torch.jit.load' });
      this.scanZipEntry(b, entry, path, depth, { isKeras, isPt2, format });
    }
  }

  private scanZipEntry(b: Uint8Array, entry: ZipEntry, path: MemberPath, depth: number, ctx: { isKeras: boolean; isPt2: boolean; format: ModelFormat }): void {
    const name = entry.name;
    const lower = name.toLowerCase();
    const ext = extensionOf(lower);
    const base = lower.slice(lower.lastIndexOf('/') + 1);
    if (ctx.isPt2 && isPt2ProgramMember(name)) {
      const data = this.readMember(b, entry, path, true);
      if (data) this.readExportProgram(data, path);
      return;
    }
    if (ctx.isPt2 && isNativeCodeMember(name)) {
      this.result.nativeCode.push(path);
      this.memberRoles.set(path, { verdict: 'suspicious', reason: 'native code that AOTInductor loads and runs' });
      return;
    }
    if (ctx.isKeras && name === 'config.json') {
      const data = this.readMember(b, entry, path, true);
      if (data) this.scanKerasJson(data, path);
      return;
    }
    if (ctx.isKeras && lower.endsWith('.weights.h5')) {
      this.result.notes.push(`${path}: Keras weights (tensors only, not code)`);
      return;
    }
    if (ext === '.pkl' || ext === '.pickle' || base === 'data.pkl') {
      const data = this.readMember(b, entry, path, true);
      if (data) this.scanPickle(data, path, ctx.format, { required: true });
      return;
    }
    if (ext === '.npy') {
      // Numeric arrays need only their header; read the whole member only when the dtype holds objects.
      const head = readEntry(b, entry, NPY_HEADER_PEEK);
      const parsed = head.data.length > 0 ? parseNpyHeader(head.data) : undefined;
      if (parsed?.ok && !parsed.header.hasObject) return;
      const data = this.readMember(b, entry, path, true);
      if (data) this.scanNpy(data, path, depth + 1);
      return;
    }
    if (NESTED_EXTENSIONS.has(ext)) {
      this.scanNested(b, entry, path, depth, name);
      return;
    }
    // Anything else (tensor storage blobs, code, metadata): peek at its first bytes.
    const head = readEntry(b, entry, 16);
    if (head.data.length === 0) {
      if (entry.encrypted || !head.complete) this.gap('info', `archive member could not be read (${head.problem ?? 'unknown reason'})`, path);
      return;
    }
    const h = head.data;
    if (hasPickleMagic(h)) {
      const data = this.readMember(b, entry, path, false);
      if (data) this.scanPickle(data, path, ctx.format, { required: false, opportunistic: true });
    } else if (looksLikeZip(h) || looksLikeNpy(h)) {
      this.scanNested(b, entry, path, depth, name);
    } else if (UNFRAMED_PICKLE_STARTS.has(h[0]!)) {
      // Any member can be the root pickle (`torch.load(..., pickle_file=NAME)`), and protocol 0/1 pickles
      // carry no magic bytes, so a member whose first opcode could start one is walked on trial.
      const data = this.readMember(b, entry, path, false);
      if (data && looksLikeUnframedPickle(data.data)) this.scanPickle(data, path, ctx.format, { required: true });
    }
  }

  private scanNested(b: Uint8Array, entry: ZipEntry, path: MemberPath, depth: number, name: string): void {
    if (depth + 1 > this.limits.maxDepth) {
      this.gap('warning', `archives nested more than ${this.limits.maxDepth} levels deep were not checked`, path);
      return;
    }
    const data = this.readMember(b, entry, path, true);
    if (data) this.scanContent(data, path, depth + 1, name);
  }

  /** Reads an archive member within the budgets; records a gap and returns undefined when nothing usable came out. */
  private readMember(b: Uint8Array, entry: ZipEntry, path: MemberPath, reportGaps: boolean): Slice | undefined {
    const limit = entry.method === 0 ? this.limits.maxMemberBytes : this.inflateBudget();
    if (limit === 0) {
      this.gap('warning', `archive member not checked: the file's decompression budget (${formatSize(this.limits.maxTotalInflated)}) is used up (a possible decompression bomb)`, path);
      return undefined;
    }
    const out = readEntry(b, entry, limit);
    if (entry.method !== 0) this.inflatedTotal += out.data.length;
    const slice: Slice = { data: out.data, size: Math.max(entry.uncompressedSize, out.data.length) };
    if (!out.complete) {
      const windowCut = out.problem?.includes('end of the bytes read') || out.problem?.includes('beyond the bytes read');
      slice.cut = out.exceeded ? 'limit' : windowCut ? 'window' : 'damaged';
      if (reportGaps) {
        const bomb = out.exceeded === true && entry.method !== 0 && isBombRatio(out.data.length, out.consumed ?? entry.compressedSize);
        const severity = bomb || slice.cut === 'damaged' ? 'warning' : 'info';
        const unsupported = entry.encrypted || out.problem?.includes('not supported');
        const problem = out.exceeded && !bomb ? `it is larger than the ${formatSize(limit)} scan limit` : out.problem ?? 'unknown reason';
        this.gap(unsupported ? 'info' : severity, `archive member not fully checked: ${problem}`, path);
      }
    }
    return out.data.length > 0 ? slice : undefined;
  }

  private scanNpy(s: Slice, member: MemberPath, depth: number): void {
    const parsed = parseNpyHeader(s.data);
    if (!parsed.ok) {
      if (parsed.truncated && s.cut) return;
      this.gap('warning', `the .npy header could not be read: ${parsed.problem}`, member);
      return;
    }
    const h = parsed.header;
    if (depth === 0) this.setFormat('numpy', h.hasObject ? 'NumPy array with object dtype (the data is a pickle)' : 'NumPy array');
    if (!h.hasObject) return;
    const payload: Slice = { data: s.data.subarray(h.dataOffset), size: Math.max(0, s.size - h.dataOffset) };
    if (s.cut) payload.cut = s.cut;
    if (payload.data.length === 0) {
      if (!s.cut) this.gap('warning', 'the object array holds no pickle data', member);
      return;
    }
    this.scanPickle(payload, member, 'numpy', { required: true });
    this.result.pickleBased = true;
  }

  private scanHdf5(s: Slice, member: MemberPath): void {
    const found = findKerasModelConfig(s.data);
    this.setFormat('hdf5', found.configs.length > 0 ? 'HDF5 Keras model (.h5)' : 'HDF5 file (no Keras model config found: weights or data only)');
    for (const { config, offset } of found.configs) this.addKeras(scanKerasConfig(config, this.userAllowed), member, offset);
    if (found.unreadable > 0) {
      this.gap(s.cut ? 'info' : 'warning', `${found.unreadable} fragment(s) of the model_config JSON could not be read (damaged, split or cut off); layers in them were not checked`, member);
    } else if (found.hasModelConfigName && found.configs.length === 0) {
      this.gap(s.cut ? 'info' : 'warning', 'the file names a model_config attribute, but its JSON could not be located without a full HDF5 parser; Lambda layers in it were not checked', member);
    } else if (found.configs.length === 0 && s.cut === 'window') {
      this.gap('info', `only the first ${formatSize(s.data.length)} of ${formatSize(s.size)} were read (${SIZE_LIMIT_SETTING}); a model config stored after them would not be seen`, member);
    }
  }

  private scanKerasJson(data: Slice, member: MemberPath): void {
    let config: unknown;
    try {
      config = JSON.parse(strFromU8(data.data));
    } catch {
      this.gap(data.cut ? 'info' : 'warning', 'config.json is not valid JSON, so its layers were not checked', member);
      return;
    }
    this.addKeras(scanKerasConfig(config, this.userAllowed), member, undefined);
  }

  private addKeras(scan: ReturnType<typeof scanKerasConfig>, member: MemberPath, offset: number | undefined): void {
    for (const issue of scan.issues) {
      this.result.keras.push({ ...issue, member, ...(offset !== undefined ? { offset } : {}) });
    }
    this.result.notes.push(`${where(member)}Keras ${scan.modelClass ?? 'model'} config with ${scan.layers} layers`);
    if (scan.depth > DEEP_CONFIG) this.result.notes.push(`${where(member)}the Keras config nests ${scan.depth} levels deep (Keras writes a few dozen at most); every level was checked`);
    if (scan.nodesCapped) this.gap('warning', `the Keras config holds more than ${MAX_KERAS_NODES} values; the rest were not checked`, member);
    if (scan.issuesCapped) this.result.notes.push(`${where(member)}more than ${scan.issues.length} Keras layers or objects were flagged; only those are listed`);
  }

  private scanTensorflow(s: Slice, member: MemberPath, name: string): void {
    const graph = scanTensorflowGraph(s.data, name);
    if (!graph.recognised && graph.ops.length === 0 && graph.lambdaOffsets.length === 0) {
      this.gap('info', 'the .pb file is not a TensorFlow graph the scanner recognises, so it was not checked', member);
      return;
    }
    this.setFormat('tensorflow', graph.layout === 'saved-model' ? 'TensorFlow SavedModel graph' : 'TensorFlow protobuf graph');
    const base = this.fileOffsetBase(s.data) ?? 0;
    for (const { kind, ...op } of graph.ops) {
      const site = { ...op, offset: base + op.offset, member };
      if (kind === 'python') this.result.tensorflowPythonOps.push(site);
      else this.result.tensorflowFileOps.push(site);
    }
    for (const asset of graph.assets) this.result.tensorflowAssets.push({ ...asset, offset: base + asset.offset, member });
    this.result.notes.push(`${where(member)}${graph.layout === 'saved-model' ? 'SavedModel' : 'GraphDef'} with ${graph.nodes} nodes${graph.functions > 0 ? ` (in the graph and ${graph.functions} library functions)` : ''}`);
    if (graph.problem && !s.cut) this.gap('warning', `the graph does not decode past byte ${graph.problem.offset} (${graph.problem.message}); the rest was searched for risky op names only`, member);
    for (const offset of graph.lambdaOffsets) {
      this.result.keras.push({ kind: 'lambda', level: 'suspicious', name: 'Lambda', reason: 'a Lambda layer holds a serialized Python function that runs when Keras revives the model', member, path: `byte ${offset}`, offset });
    }
    if (s.cut === 'window') this.gap('info', `only the first ${formatSize(s.data.length)} of ${formatSize(s.size)} were read (${SIZE_LIMIT_SETTING}); ops after them were not checked`, member);
  }

  private scanOnnx(s: Slice, member: MemberPath, ext: string): void {
    const onnx = scanOnnx(s.data);
    if (!onnx.recognised) {
      if (ext === '.onnx') this.gap('warning', `the content is not a valid ONNX model (${onnx.problem ? `${onnx.problem.message} at byte ${onnx.problem.offset}` : 'no graph'}), so it was not checked`, member);
      else this.scanUnrecognised(s, member, ext);
      return;
    }
    this.setFormat('onnx', FORMAT_LABELS.onnx);
    const base = this.fileOffsetBase(s.data) ?? 0;
    for (const d of onnx.externalData) {
      // Links are facts of the folder on disk, so only the file itself (not a model inside an archive) has them.
      const linked = !d.escape && member === '' ? this.input.linkEscape?.(d.location) : undefined;
      this.result.onnxExternalData.push({ ...d, offset: base + d.offset, member, ...(linked ? { escape: linked } : {}) });
    }
    for (const d of onnx.customDomains) this.result.onnxCustomDomains.push({ ...d, member });
    const external = onnx.externalData.length;
    this.result.notes.push(`${where(member)}ONNX model (IR version ${onnx.irVersion ?? '?'}${onnx.producer ? `, written by ${onnx.producer}` : ''}): ${onnx.nodes} nodes in ${onnx.graphs} graph(s)${external > 0 ? `, ${external} tensor(s) with external data` : ''}${onnx.runtimeDomainNodes > 0 ? `, ${onnx.runtimeDomainNodes} node(s) of onnxruntime's built-in com.microsoft operators` : ''}`);
    if (onnx.limited) this.gap('warning', 'the ONNX model holds more messages than the scanner walks; the rest were not checked', member);
    else if (onnx.problem && s.cut === 'window') this.gap('info', `only the first ${formatSize(s.data.length)} of ${formatSize(s.size)} were read (${SIZE_LIMIT_SETTING}); nodes and tensors after them were not checked`, member);
    else if (onnx.problem) this.gap('warning', `the ONNX model does not decode past byte ${onnx.problem.offset} (${onnx.problem.message}); nodes and tensors after it were not checked`, member);
  }

  private readTorchServe(b: Uint8Array, entry: ZipEntry, member: MemberPath, entries: readonly ZipEntry[]): void {
    const path = join(member, entry.name);
    const data = this.readMember(b, entry, path, true);
    const manifest = readTorchServeManifest(data ? strFromU8(data.data) : '', entries.map((e) => e.name));
    if (manifest.problem) this.gap('warning', `${TORCHSERVE_MANIFEST}: ${manifest.problem}`, member);
    if (this.result.torchServe) return;
    this.result.torchServe = { member, handler: manifest.handler, codeFiles: manifest.codeFiles, pathProblems: manifest.pathProblems, ...(manifest.serializedFile ? { serializedFile: manifest.serializedFile } : {}) };
    for (const file of manifest.codeFiles) {
      const role = file === manifest.handler ? 'the TorchServe handler, imported and run when the archive is served' : 'Python code in a TorchServe archive, importable by its handler';
      this.memberRoles.set(join(member, file), { verdict: 'suspicious', reason: role });
      this.readCodeMember(b, entries, file, member);
    }
  }

  /** Keeps the text of a Python member for the code rules (the last entry of a duplicated name, as zipfile opens it). */
  private readCodeMember(b: Uint8Array, entries: readonly ZipEntry[], file: string, member: MemberPath): void {
    let entry: ZipEntry | undefined;
    for (const e of entries) if (e.name === file) entry = e;
    if (!entry) return;
    const path = join(member, file);
    if (this.result.codeMembers.length >= MAX_CODE_MEMBERS) {
      this.gap('info', `the archive holds more than ${MAX_CODE_MEMBERS} Python files; the code rules did not read this one or those after it`, path);
      return;
    }
    if (entry.uncompressedSize > MAX_CODE_MEMBER_BYTES) {
      this.gap('info', `the Python file is larger than ${formatSize(MAX_CODE_MEMBER_BYTES)}, so the code rules did not read it`, path);
      return;
    }
    const data = this.readMember(b, entry, path, true);
    if (data) this.result.codeMembers.push({ member: path, text: strFromU8(data.data) });
  }

  private readExportProgram(data: Slice, member: MemberPath): void {
    const program = readPt2Program(strFromU8(data.data));
    if (program.problem) this.gap(data.cut ? 'info' : 'warning', `${program.problem}, so its operators were not checked`, member);
    if (program.limited) this.gap('warning', 'the program holds more values than the scanner walks; the rest were not checked', member);
    this.result.notes.push(`${member}: torch.export program with ${program.nodes} nodes`);
    if (program.customNamespaces.length > 0 || program.pythonTargets.length > 0) {
      this.result.exportPrograms.push({ member, customNamespaces: program.customNamespaces, pythonTargets: program.pythonTargets });
    }
  }

  private scanGguf(s: Slice, member: MemberPath): void {
    const meta = readGgufMetadata(s.data);
    this.setFormat('gguf', FORMAT_LABELS.gguf);
    this.result.notes.push(`${where(member)}GGUF v${meta.version}${meta.bigEndian ? ' (big-endian)' : ''}: ${meta.tensorCount} tensors, ${meta.keys.length} metadata keys, ${meta.templates.length} chat template(s); tensors hold no Python objects`);
    if (meta.problem) this.gap('warning', `the GGUF metadata is malformed (${meta.problem}); keys after that point, chat templates among them, were not checked`, member);
    else if (meta.cut) {
      this.gap(s.cut === 'window' ? 'info' : 'warning', s.cut === 'window'
        ? `only the first ${formatSize(s.data.length)} of ${formatSize(s.size)} were read (${SIZE_LIMIT_SETTING}); GGUF metadata continues past them`
        : 'the GGUF metadata is truncated; keys after that point were not checked', member);
    }
    const base = this.fileOffsetBase(s.data);
    for (const t of meta.templates) this.addTemplate(t.text, t.key, member, base !== undefined ? base + t.offset : undefined);
  }

  private addTemplate(text: string, key: string, member: MemberPath, offset: number | undefined): void {
    for (const issue of checkChatTemplate(text)) {
      this.result.chatTemplates.push({ level: issue.level, reason: issue.reason, excerpt: issue.excerpt, key, member, ...(offset !== undefined ? { offset } : {}) });
    }
  }

  private addTargets(text: string, key: string, member: MemberPath): void {
    for (const t of findHydraTargets(text)) this.result.metadataTargets.push({ ...t, key, member });
  }

  private scanSafetensors(s: Slice, member: MemberPath): void {
    const check = checkSafetensors(s.data, s.size);
    this.setFormat('safetensors', 'safetensors (tensors only, no code)');
    if (check.headerCut) {
      this.gap('info', `the safetensors header (${formatSize(check.headerSize)}) is larger than the bytes read, so it was not validated`, member);
      return;
    }
    this.result.safetensors = { member, valid: check.problems.length === 0, problems: check.problems, tensorCount: check.tensorCount, metadataKeys: check.metadataKeys };
    for (const [key, value] of Object.entries(check.metadata ?? {})) this.addTargets(value, `__metadata__.${key}`, member);
    // A header that does not validate may be a pickle in disguise (its size field then spells PROTO 2-5).
    if (check.problems.length > 0 && hasPickleMagic(s.data)) this.scanPickle(s, member, 'pickle', { required: false, opportunistic: true });
  }

  private scanTar(s: Slice, member: MemberPath, depth: number): void {
    const tar = readTar(s.data);
    this.result.membersSeen += tar.members.length;
    const names = tar.members.map((m) => m.name);
    const isTorch = names.includes('pickle') && names.includes('storages');
    this.setFormat(isTorch ? 'pytorch-tar' : 'tar', FORMAT_LABELS[isTorch ? 'pytorch-tar' : 'tar']);
    for (const p of tar.problems) this.gap('warning', `tar structure: ${p}`, member);
    if (tar.partialListing && s.cut === 'window') this.gap('info', `only the first ${formatSize(s.data.length)} of ${formatSize(s.size)} were read (${SIZE_LIMIT_SETTING}); later tar members were not checked`, member);
    for (const m of tar.members) {
      if (++this.membersExamined > this.limits.maxMembers) {
        this.gap('warning', `more than ${this.limits.maxMembers} archive members; the rest were not checked`, member);
        return;
      }
      const path = join(member, m.name);
      this.memberPaths.push(path);
      const slice: Slice = { data: m.data, size: m.size };
      if (!m.complete) slice.cut = s.cut ?? 'damaged';
      this.scanArchivedFile(slice, path, m.name, depth, isTorch ? 'pytorch-tar' : 'tar');
    }
  }

  /**
   * 7z archives hold whole model files (picklescan's corpus has malicious ones): each file is decoded within
   * the scan's output budget and scanned like a tar member; coders the reader does not decode and encrypted
   * files are members that were not checked.
   */
  private scanSevenZip(s: Slice, member: MemberPath, depth: number): void {
    this.setFormat('sevenzip', FORMAT_LABELS.sevenzip);
    if (depth >= this.limits.maxDepth) {
      this.gap('warning', `a 7z archive nested more than ${this.limits.maxDepth} levels deep was not checked`, member);
      return;
    }
    const budget = this.inflateBudget();
    const archive = readSevenZip(s.data, { maxFolderBytes: budget, maxTotalBytes: budget, maxMembers: Math.max(0, this.limits.maxMembers - this.membersExamined) });
    this.inflatedTotal += archive.decodedBytes;
    this.result.membersSeen += archive.members.length;
    this.membersExamined += archive.members.length;
    for (const problem of archive.problems) {
      const cut = s.cut === 'window' && /beyond|ends early|cut off/.test(problem);
      this.gap(cut ? 'info' : 'warning', cut ? `only the first ${formatSize(s.data.length)} of ${formatSize(s.size)} were read (${SIZE_LIMIT_SETTING}); the 7z archive's members were not checked (${problem})` : `7z structure: ${problem}; members it hides were not checked`, member);
    }
    if (archive.bomb) this.gap('warning', `a 7z member expands beyond ${formatSize(budget)} (a decompression bomb); only that much was checked`, member);
    for (const m of archive.members) {
      const path = join(member, m.name);
      this.memberPaths.push(path);
      if (m.problem && m.data.length === 0) {
        const unsupported = /does not decode/.test(m.problem);
        this.gap(unsupported || m.overBudget ? 'info' : 'warning', `the 7z member was not checked: ${m.problem}`, path);
        continue;
      }
      if (m.problem) this.gap(m.overBudget ? 'info' : 'warning', `the 7z member was only partly checked: ${m.problem}`, path);
      const slice: Slice = { data: m.data, size: m.size };
      if (!m.complete) slice.cut = m.overBudget ? 'limit' : 'damaged';
      this.scanArchivedFile(slice, path, m.name, depth, 'pickle');
    }
  }

  /** One file of a tar or 7z archive: Hydra configs, pickles by name or magic, and model files nested inside. */
  private scanArchivedFile(slice: Slice, path: MemberPath, name: string, depth: number, pickleFormat: ModelFormat): void {
    const ext = extensionOf(name.toLowerCase());
    if (slice.data.length === 0) return;
    if (ext === '.yaml' || ext === '.yml') {
      // NeMo archives restore their model through Hydra from model_config.yaml.
      this.addTargets(strFromU8(slice.data), name, path);
      return;
    }
    if (name === 'pickle' || name === 'sys_info' || ext === '.pkl' || ext === '.pickle') {
      this.scanPickle(slice, path, pickleFormat, { required: true });
    } else if (NESTED_EXTENSIONS.has(ext) || looksLikeZip(slice.data) || looksLikeNpy(slice.data) || looksLikeSevenZip(slice.data)) {
      if (depth + 1 > this.limits.maxDepth) this.gap('warning', `archives nested more than ${this.limits.maxDepth} levels deep were not checked`, path);
      else this.scanContent(slice, path, depth + 1, name);
    } else if (hasPickleMagic(slice.data)) {
      this.scanPickle(slice, path, pickleFormat, { required: false, opportunistic: true });
    }
  }

  // --- Helpers ---

  private setFormat(format: ModelFormat, label: string): void {
    if (this.result.format !== 'unknown') return;
    this.result.format = format;
    this.result.formatLabel = this.wrapperLabel ? `${label}, ${this.wrapperLabel}` : label;
  }

  private gap(severity: ScanGap['severity'], reason: string, member: MemberPath): void {
    if (this.result.gaps.length >= 50) return;
    if (this.result.gaps.some((g) => g.reason === reason && g.member === member)) return;
    this.result.gaps.push({ severity, reason, member });
  }

  private inflateBudget(): number {
    return Math.max(0, Math.min(this.limits.maxMemberBytes, this.limits.maxTotalInflated - this.inflatedTotal));
  }

  /** Where `data` starts in the file, when it is a view of the file's own bytes (top level, stored members). */
  private fileOffsetBase(data: Uint8Array): number | undefined {
    if (data.buffer !== this.root.buffer) return undefined;
    const base = data.byteOffset - this.root.byteOffset;
    return base >= 0 && base <= this.root.length ? base : undefined;
  }
}

const FORMAT_LABELS: Record<ModelFormat, string> = {
  pickle: 'Python pickle',
  'pytorch-zip': 'PyTorch checkpoint (zip archive with data.pkl)',
  'pytorch-legacy': 'PyTorch checkpoint (legacy stacked pickles)',
  'pytorch-tar': 'PyTorch checkpoint (oldest tar format)',
  torchscript: 'TorchScript archive (code and pickles)',
  numpy: 'NumPy array',
  npz: 'NumPy .npz archive',
  joblib: 'joblib pickle (with inline NumPy arrays)',
  keras: 'Keras v3 archive (.keras)',
  hdf5: 'HDF5 file',
  safetensors: 'safetensors (tensors only, no code)',
  gguf: 'GGUF (llama.cpp) weights and metadata',
  tensorflow: 'TensorFlow protobuf graph',
  onnx: 'ONNX model',
  torchserve: 'TorchServe model archive (.mar: handler code and a serialized model)',
  pt2: 'torch.export archive (.pt2: a serialised program, weights and sample-input pickles)',
  zip: 'ZIP archive',
  tar: 'tar archive',
  sevenzip: '7z archive',
  compressed: 'compressed data',
  unknown: 'unrecognised format',
};

/** The manifest every TorchServe model archive holds (`torch-model-archiver` writes it). */
const TORCHSERVE_MANIFEST = 'MAR-INF/MANIFEST.json';

/** Formats whose loaders start by unpickling the file's first bytes (so a ZIP behind them is a second view). */
const PICKLE_FIRST_FORMATS: ReadonlySet<ModelFormat> = new Set(['pickle', 'pytorch-legacy', 'joblib']);

/** True when an end record found in the bytes leads to a central directory with entries (not a stray signature in data). */
function isRealZipDirectory(b: Uint8Array): boolean {
  const zip = readZip(b, true);
  return zip.source === 'central-directory' && zip.entries.length > 0;
}

/**
 * A BUILD or SETITEM(S) into an imported module, class or function is `setattr`/item assignment on live
 * code: whatever the global's own verdict, the pickle rewrites something that later imports resolve to.
 */
function mutationVerdict(verdict: GlobalVerdict, mutatedBy: PickleGlobal['mutatedBy']): GlobalVerdict {
  if (!mutatedBy) return verdict;
  return { ...verdict, level: 'dangerous', reason: `is modified in place by ${mutatedBy} (setattr or item assignment on an imported module, class or function rebinds what later imports resolve to)` };
}

function startsWithAscii(b: Uint8Array, text: string): boolean {
  if (b.length < text.length) return false;
  for (let i = 0; i < text.length; i++) if (b[i] !== text.charCodeAt(i)) return false;
  return true;
}

const IDENTIFIER_PATH = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;

/** First opcodes of protocol 0/1 pickles that do something: GLOBAL `c`, INST `i`, MARK `(`, EMPTY_LIST/DICT/TUPLE. */
const UNFRAMED_PICKLE_STARTS = new Set([0x63, 0x69, 0x28, 0x5d, 0x7d, 0x29]);

/**
 * Protocol 0 and 1 pickles have no magic bytes: one trial walk decides. A walk that stops early still counts
 * when it imported a well-formed global, because the unpickler runs every call before the point where the
 * stream breaks.
 */
function looksLikeUnframedPickle(data: Uint8Array): boolean {
  const trial = walkPickles(data, { continueAfterStop: 'all', maxPickles: 1 });
  const first = trial.pickles[0];
  const plausibleGlobal = trial.globals.some((g) => g.resolved && IDENTIFIER_PATH.test(g.module) && IDENTIFIER_PATH.test(g.name));
  return first !== undefined && (first.complete || plausibleGlobal || first.error?.kind === 'limit') && first.opcodes > 1;
}

/** True when the first 4 KB hold no NUL and almost only printable or whitespace bytes. */
function looksLikeText(b: Uint8Array): boolean {
  const n = Math.min(b.length, 4096);
  let odd = 0;
  for (let i = 0; i < n; i++) {
    const c = b[i]!;
    if (c === 0) return false;
    if (c < 0x09 || (c > 0x0d && c < 0x20) || c === 0x7f) odd++;
  }
  return n > 0 && odd * 50 < n;
}

/** PROTO 2 to 5: CPython writes PROTO only for protocols 2 and above. */
function hasPickleMagic(b: Uint8Array): boolean {
  return b.length > 2 && b[0] === 0x80 && b[1]! >= 2 && b[1]! <= 5;
}

function unsupportedCodec(b: Uint8Array): string | undefined {
  if (hasBytes(b, 0, [0x42, 0x5a, 0x68])) return 'bzip2';
  if (hasBytes(b, 0, [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00])) return 'xz';
  if (hasBytes(b, 0, [0x04, 0x22, 0x4d, 0x18])) return 'lz4';
  if (hasBytes(b, 0, [0x28, 0xb5, 0x2f, 0xfd])) return 'zstd';
  if (hasBytes(b, 0, [0x52, 0x61, 0x72, 0x21, 0x1a, 0x07])) return 'RAR';
  if (b.length > 13 && b[0] === 0x5d && b[1] === 0x00 && b[2] === 0x00 && (b[12] === 0x00 || b[12] === 0xff)) return 'lzma';
  return undefined;
}

/**
 * Real model data compresses at most a few hundred to one (all-zero tensors); DEFLATE cannot exceed about
 * 1032:1. Output that hit the limit at a higher ratio than this is a decompression bomb, below it a
 * large file.
 */
const BOMB_RATIO = 200;

function isBombRatio(output: number, input: number): boolean {
  return output / Math.max(1, input) > BOMB_RATIO;
}

function levelRank(level: string): number {
  return level === 'dangerous' ? 0 : level === 'suspicious' ? 1 : 2;
}

function extensionOf(name: string): string {
  const base = name.slice(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1).toLowerCase();
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot) : '';
}

function stripCompressionExtension(name: string): string {
  return name.replace(/\.(gz|z|zlib)$/i, '');
}

function join(member: MemberPath, name: string): MemberPath {
  return member ? `${member}!${name}` : name;
}

/** `"member: "` for notes, or `"<prefix>member"` inside a sentence; empty for the file itself. */
function where(member: MemberPath, prefix = ''): string {
  if (!member) return '';
  return prefix ? `${prefix}${member}` : `${member}: `;
}

