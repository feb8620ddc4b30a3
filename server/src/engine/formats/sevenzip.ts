/**
 * A bounded 7z archive reader: the signature header, the (usually LZMA-encoded) header, folders of one coder
 * (copy, LZMA, LZMA2, DEFLATE) and the files each folder's output holds. Enough for what `7z a` and py7zr
 * write by default for model files; filters and multi-coder chains (BCJ, BCJ2, delta), other codecs (bzip2,
 * PPMd, zstd) and encryption (AES) are named as not checked instead of read. Nothing is trusted: every count
 * is bounded by the bytes left, every size by the output budget, and CRCs are not relied on (7-Zip extracts
 * data whose CRC is wrong, warning only afterwards).
 */
import { formatSize, hasBytes, u64le } from './bytes';
import { inflateBounded } from './inflate';
import { decodeLzma, decodeLzma2, type LzmaResult } from './lzma';
import { decodeBcjX86 } from './bcj-x86';

export interface SevenZipMember {
  name: string;
  /** The size the archive declares for the file. */
  size: number;
  /** The decoded bytes, shorter than `size` when decoding stopped (see `problem`). */
  data: Uint8Array;
  complete: boolean;
  /** Why the member was not (fully) read: an unsupported coder, encryption, damage or the output budget. */
  problem?: string;
  /** Set when `problem` is the output budget rather than damage or an unsupported coder. */
  overBudget?: boolean;
}

export interface SevenZipArchive {
  members: SevenZipMember[];
  /** Problems of the archive as a whole (damaged or unreadable headers). */
  problems: string[];
  /** Decoded bytes, all folders and the header together, for the caller's budget. */
  decodedBytes: number;
  /** True when a stream expanded past the budget at a ratio no real model data reaches (see `BOMB_RATIO`). */
  bomb: boolean;
}

export interface SevenZipBudget {
  /** Largest output of one folder (a solid block holding several files). */
  maxFolderBytes: number;
  /** Largest output of the whole archive. */
  maxTotalBytes: number;
  maxMembers: number;
}

const SIGNATURE = [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c];
const SIGNATURE_HEADER_SIZE = 32;
/** Encoded headers nest (a header encoded as a stream whose description is itself encoded) at most this deep. */
const MAX_HEADER_NESTING = 4;
const BOMB_RATIO = 200;

/** Property ids of the header structures. */
const Id = {
  End: 0x00,
  Header: 0x01,
  ArchiveProperties: 0x02,
  AdditionalStreamsInfo: 0x03,
  MainStreamsInfo: 0x04,
  FilesInfo: 0x05,
  PackInfo: 0x06,
  UnpackInfo: 0x07,
  SubStreamsInfo: 0x08,
  Size: 0x09,
  Crc: 0x0a,
  Folder: 0x0b,
  CodersUnpackSize: 0x0c,
  NumUnpackStream: 0x0d,
  EmptyStream: 0x0e,
  Name: 0x11,
  EncodedHeader: 0x17,
} as const;

/** Coder ids (hex of the id bytes) and their names, for messages about what is not decoded. */
const CODER_NAMES: Record<string, string> = {
  '00': 'copy',
  '030101': 'LZMA',
  '21': 'LZMA2',
  '040108': 'DEFLATE',
  '040109': 'DEFLATE64',
  '040202': 'bzip2',
  '030401': 'PPMd',
  '03030103': 'BCJ (x86 filter)',
  '0303011b': 'BCJ2 (x86 filter)',
  '03': 'delta filter',
  '06f10701': 'AES-256 encryption',
  '04f71101': 'zstd',
};

interface Coder {
  id: string;
  properties: Uint8Array;
  inStreams: number;
  outStreams: number;
}

interface Folder {
  coders: Coder[];
  /** For each coder input bound to another coder's output: the input's index and the output's index. */
  bindPairs: Array<{ input: number; output: number }>;
  /** The decoded size of every coder output, in coder order. */
  outputSizes: number[];
  /** The folder's final output size (the one output stream no bind pair consumes). */
  unpackSize: number;
  /** Sizes of the files the folder's output holds, in order. */
  streamSizes: number[];
  packedStreams: number;
  /** True when the folders' description gives the output's CRC (the file streams then leave it out). */
  crcDefined: boolean;
}

interface StreamsInfo {
  packPosition: number;
  packSizes: number[];
  folders: Folder[];
}

class Damaged extends Error {}

/** Reads the property structures of a 7z header with every count checked against the bytes left. */
class HeaderReader {
  at = 0;
  constructor(readonly b: Uint8Array) {}

  byte(): number {
    if (this.at >= this.b.length) throw new Damaged('the header ends early');
    return this.b[this.at++]!;
  }

  /** 7z's variable-length number: the leading one bits of the first byte count the bytes that follow. */
  number(): number {
    const first = this.byte();
    let mask = 0x80;
    let value = 0;
    for (let i = 0; i < 8; i++) {
      if ((first & mask) === 0) return value + (first & (mask - 1)) * 2 ** (8 * i);
      value += this.byte() * 2 ** (8 * i);
      mask >>>= 1;
    }
    return value;
  }

  /** A count of items that each take at least one byte, so a count beyond the bytes left is damage. */
  count(what: string): number {
    const n = this.number();
    if (n > this.b.length - this.at + 1) throw new Damaged(`the header declares ${n} ${what}, more than it could hold`);
    return n;
  }

  bytes(n: number): Uint8Array {
    if (n > this.b.length - this.at) throw new Damaged('the header ends early');
    const out = this.b.subarray(this.at, this.at + n);
    this.at += n;
    return out;
  }

  bits(n: number): boolean[] {
    const out: boolean[] = [];
    let current = 0;
    for (let i = 0; i < n; i++) {
      if (i % 8 === 0) current = this.byte();
      out.push((current & (0x80 >>> i % 8)) !== 0);
    }
    return out;
  }

  /** An "all defined" byte or a bit vector, then one CRC per defined item (read past, never trusted); which are defined. */
  skipDigests(n: number): boolean[] {
    const defined = this.byte() ? Array.from({ length: n }, () => true) : this.bits(n);
    this.bytes(4 * defined.filter(Boolean).length);
    return defined;
  }

  expect(id: number, where: string): void {
    const got = this.byte();
    if (got !== id) throw new Damaged(`unexpected property 0x${got.toString(16)} in ${where}`);
  }
}

/** True when the bytes start with the 7z signature. */
export function looksLikeSevenZip(b: Uint8Array): boolean {
  return hasBytes(b, 0, SIGNATURE);
}

export function readSevenZip(b: Uint8Array, budget: SevenZipBudget): SevenZipArchive {
  const archive: SevenZipArchive = { members: [], problems: [], decodedBytes: 0, bomb: false };
  try {
    readArchive(b, budget, archive);
  } catch (e) {
    archive.problems.push(e instanceof Damaged ? e.message : `the archive could not be read (${e instanceof Error ? e.message : String(e)})`);
  }
  return archive;
}

function readArchive(b: Uint8Array, budget: SevenZipBudget, archive: SevenZipArchive): void {
  if (b.length < SIGNATURE_HEADER_SIZE) throw new Damaged('the archive is shorter than its 32-byte signature header');
  const nextOffset = u64le(b, 12);
  const nextSize = u64le(b, 20);
  const start = SIGNATURE_HEADER_SIZE + nextOffset;
  if (nextSize === 0) return;
  if (!Number.isSafeInteger(start + nextSize)) throw new Damaged('the header position is beyond any real file (a damaged signature header)');
  if (start + nextSize > b.length) throw new Damaged(`the header (${formatSize(nextSize)} at byte ${start}) lies beyond the ${formatSize(b.length)} read`);
  let header = b.subarray(start, start + nextSize);
  for (let nesting = 0; ; nesting++) {
    const reader = new HeaderReader(header);
    const id = reader.byte();
    if (id === Id.Header) return readHeader(reader, b, budget, archive);
    if (id !== Id.EncodedHeader) throw new Damaged(`the header starts with the unknown property 0x${id.toString(16)}`);
    if (nesting >= MAX_HEADER_NESTING) throw new Damaged(`the header is encoded more than ${MAX_HEADER_NESTING} times`);
    const streams = readStreamsInfo(reader);
    const folder = streams.folders[0];
    if (!folder) throw new Damaged('the encoded header has no folder');
    const decoded = decodeFolder(b, streams, 0, budget.maxFolderBytes, archive);
    if (!decoded.complete) throw new Damaged(`the encoded header could not be decoded (${decoded.problem ?? 'it ends early'})`);
    header = decoded.data;
  }
}

function readHeader(r: HeaderReader, b: Uint8Array, budget: SevenZipBudget, archive: SevenZipArchive): void {
  let id = r.byte();
  if (id === Id.ArchiveProperties) {
    for (let type = r.byte(); type !== Id.End; type = r.byte()) r.bytes(r.count('property bytes'));
    id = r.byte();
  }
  if (id === Id.AdditionalStreamsInfo) {
    readStreamsInfo(r);
    id = r.byte();
  }
  let streams: StreamsInfo = { packPosition: 0, packSizes: [], folders: [] };
  if (id === Id.MainStreamsInfo) {
    streams = readStreamsInfo(r);
    id = r.byte();
  }
  const files = id === Id.FilesInfo ? readFilesInfo(r) : [];
  const withData = files.filter((f) => f.hasStream);
  const sizes = streams.folders.flatMap((f) => f.streamSizes);
  if (withData.length !== sizes.length) archive.problems.push(`the header lists ${withData.length} files with data but ${sizes.length} streams`);
  let file = 0;
  for (let folder = 0; folder < streams.folders.length && file < withData.length; folder++) {
    const decoded = decodeFolder(b, streams, folder, Math.min(budget.maxFolderBytes, Math.max(0, budget.maxTotalBytes - archive.decodedBytes)), archive);
    let offset = 0;
    for (const size of streams.folders[folder]!.streamSizes) {
      const entry = withData[file++];
      if (!entry) break;
      if (archive.members.length >= budget.maxMembers) throw new Damaged(`more than ${budget.maxMembers} members`);
      const data = decoded.data.subarray(Math.min(offset, decoded.data.length), Math.min(offset + size, decoded.data.length));
      const complete = data.length === size;
      archive.members.push({ name: entry.name, size, data, complete, ...(complete ? {} : { problem: decoded.problem ?? 'the folder ends early', ...(decoded.overBudget ? { overBudget: true } : {}) }) });
      offset += size;
    }
  }
  for (const entry of withData.slice(file)) archive.members.push({ name: entry.name, size: 0, data: new Uint8Array(0), complete: false, problem: 'the header gives it no data stream' });
}

function readStreamsInfo(r: HeaderReader): StreamsInfo {
  const streams: StreamsInfo = { packPosition: 0, packSizes: [], folders: [] };
  for (let id = r.byte(); id !== Id.End; id = r.byte()) {
    if (id === Id.PackInfo) readPackInfo(r, streams);
    else if (id === Id.UnpackInfo) streams.folders = readUnpackInfo(r);
    else if (id === Id.SubStreamsInfo) readSubStreamsInfo(r, streams.folders);
    else throw new Damaged(`unexpected property 0x${id.toString(16)} in the streams description`);
  }
  return streams;
}

function readPackInfo(r: HeaderReader, streams: StreamsInfo): void {
  streams.packPosition = r.number();
  const count = r.count('packed streams');
  for (let id = r.byte(); id !== Id.End; id = r.byte()) {
    if (id === Id.Size) for (let i = 0; i < count; i++) streams.packSizes.push(r.number());
    else if (id === Id.Crc) r.skipDigests(count);
    else throw new Damaged(`unexpected property 0x${id.toString(16)} in the packed streams`);
  }
}

function readUnpackInfo(r: HeaderReader): Folder[] {
  r.expect(Id.Folder, 'the folders');
  const count = r.count('folders');
  if (r.byte() !== 0) throw new Damaged('the folders are stored outside the header');
  const folders: Folder[] = [];
  for (let i = 0; i < count; i++) folders.push(readFolder(r));
  r.expect(Id.CodersUnpackSize, 'the folders');
  for (const folder of folders) {
    const outputs = folder.coders.reduce((sum, c) => sum + c.outStreams, 0);
    for (let out = 0; out < outputs; out++) {
      const size = r.number();
      folder.outputSizes.push(size);
      if (!folder.bindPairs.some((pair) => pair.output === out)) folder.unpackSize = size;
    }
    folder.streamSizes = [folder.unpackSize];
  }
  for (let id = r.byte(); id !== Id.End; id = r.byte()) {
    if (id === Id.Crc) r.skipDigests(count).forEach((defined, i) => (folders[i]!.crcDefined = defined));
    else throw new Damaged(`unexpected property 0x${id.toString(16)} in the folders`);
  }
  return folders;
}

function readFolder(r: HeaderReader): Folder {
  const coders: Coder[] = [];
  let inTotal = 0;
  let outTotal = 0;
  const count = r.count('coders');
  for (let i = 0; i < count; i++) {
    const flags = r.byte();
    if (flags & 0x80) throw new Damaged('a coder with alternative methods (not written by any 7-Zip version)');
    const id = [...r.bytes(flags & 0x0f)].map((x) => x.toString(16).padStart(2, '0')).join('');
    const complex = (flags & 0x10) !== 0;
    const inStreams = complex ? r.count('coder inputs') : 1;
    const outStreams = complex ? r.count('coder outputs') : 1;
    const properties = flags & 0x20 ? r.bytes(r.count('coder property bytes')) : new Uint8Array(0);
    coders.push({ id, properties, inStreams, outStreams });
    inTotal += inStreams;
    outTotal += outStreams;
  }
  const bindPairs: Folder['bindPairs'] = [];
  for (let i = 0; i < outTotal - 1; i++) bindPairs.push({ input: r.number(), output: r.number() });
  const packedStreams = inTotal - (outTotal - 1);
  if (packedStreams < 1) throw new Damaged('a folder without packed input');
  if (packedStreams > 1) for (let i = 0; i < packedStreams; i++) r.number();
  return { coders, bindPairs, outputSizes: [], unpackSize: 0, streamSizes: [], packedStreams, crcDefined: false };
}

function readSubStreamsInfo(r: HeaderReader, folders: Folder[]): void {
  const counts = folders.map(() => 1);
  let id = r.byte();
  if (id === Id.NumUnpackStream) {
    for (let i = 0; i < folders.length; i++) counts[i] = r.count('files in a folder');
    id = r.byte();
  }
  const hasSizes = id === Id.Size;
  folders.forEach((folder, i) => {
    const n = counts[i]!;
    const sizes: number[] = [];
    let sum = 0;
    for (let k = 0; k < n - 1 && hasSizes; k++) {
      const size = r.number();
      sizes.push(size);
      sum += size;
    }
    if (n > 0) sizes.push(folder.unpackSize - sum);
    if (sizes.some((s) => s < 0)) throw new Damaged('the files of a folder are larger than the folder');
    folder.streamSizes = sizes;
  });
  if (hasSizes) id = r.byte();
  for (; id !== Id.End; id = r.byte()) {
    if (id === Id.Crc) r.skipDigests(folders.reduce((sum, folder, i) => sum + (counts[i] === 1 && folder.crcDefined ? 0 : counts[i]!), 0));
    else throw new Damaged(`unexpected property 0x${id.toString(16)} in the file streams`);
  }
}

interface FileEntry {
  name: string;
  hasStream: boolean;
}

/** Files take no bytes of their own in the header (names and flags are optional properties), so their count has a bound of its own. */
const MAX_FILES = 1_000_000;

function readFilesInfo(r: HeaderReader): FileEntry[] {
  const count = r.number();
  if (count > MAX_FILES) throw new Damaged(`the header declares ${count} files, more than the ${MAX_FILES} the scanner lists`);
  const files: FileEntry[] = Array.from({ length: count }, (_, i) => ({ name: `file ${i + 1}`, hasStream: true }));
  for (let type = r.byte(); type !== Id.End; type = r.byte()) {
    const size = r.count('property bytes');
    const body = new HeaderReader(r.bytes(size));
    if (type === Id.EmptyStream) body.bits(count).forEach((empty, i) => (files[i]!.hasStream = !empty));
    else if (type === Id.Name) readNames(body, files);
  }
  return files;
}

function readNames(r: HeaderReader, files: FileEntry[]): void {
  if (r.byte() !== 0) throw new Damaged('the file names are stored outside the header');
  const text = r.bytes(r.b.length - r.at);
  let start = 0;
  let file = 0;
  for (let at = 0; at + 1 < text.length && file < files.length; at += 2) {
    if (text[at] !== 0 || text[at + 1] !== 0) continue;
    files[file++]!.name = utf16le(text, start, at);
    start = at + 2;
  }
}

/** UTF-16 code units map one to one onto a JavaScript string's, surrogate pairs included. */
function utf16le(b: Uint8Array, start: number, end: number): string {
  let out = '';
  for (let at = start; at + 1 < end; at += 2) out += String.fromCharCode(b[at]! | (b[at + 1]! << 8));
  return out;
}

interface DecodedFolder {
  data: Uint8Array;
  complete: boolean;
  problem?: string;
  overBudget?: boolean;
}

/**
 * The folder's coders in decoding order when they form one chain of single-input, single-output coders (a
 * codec, optionally behind filters such as BCJ); undefined for anything else (BCJ2's four streams).
 */
function decodingChain(folder: Folder): Coder[] | undefined {
  if (folder.packedStreams !== 1 || folder.coders.some((c) => c.inStreams !== 1 || c.outStreams !== 1)) return undefined;
  const chain: Coder[] = [];
  let current = folder.coders.findIndex((_, i) => !folder.bindPairs.some((pair) => pair.output === i));
  while (current >= 0 && chain.length < folder.coders.length) {
    chain.unshift(folder.coders[current]!);
    const input = current;
    const pair = folder.bindPairs.find((p) => p.input === input);
    if (!pair) return chain.length === folder.coders.length ? chain : undefined;
    current = pair.output;
  }
  return undefined;
}

/** Decodes a folder whose coders form one chain; anything else is named and left undecoded. */
function decodeFolder(b: Uint8Array, streams: StreamsInfo, index: number, maxOutput: number, archive: SevenZipArchive): DecodedFolder {
  const folder = streams.folders[index]!;
  const names = folder.coders.map((c) => CODER_NAMES[c.id] ?? `coder ${c.id}`);
  const unsupported = `it is coded with ${names.join(' + ')}, which the scanner does not decode`;
  const chain = decodingChain(folder);
  if (!chain || chain.some((c) => !DECODABLE.has(c.id))) return { data: new Uint8Array(0), complete: false, problem: unsupported };
  const packIndex = packIndexOf(streams, index);
  const start = packStartOf(streams, packIndex);
  const packSize = streams.packSizes[packIndex];
  if (packSize === undefined) throw new Damaged('a folder has no packed size');
  const input = b.subarray(Math.min(start, b.length), Math.min(b.length, start + packSize));
  const cutOff = input.length < packSize ? `its packed data is cut off after ${input.length} of ${packSize} bytes` : undefined;
  let result: LzmaResult = { data: input, complete: true, exceeded: false, consumed: input.length };
  for (const coder of chain) {
    const size = folder.outputSizes[folder.coders.indexOf(coder)] ?? 0;
    result = decodeWith(coder, result.data, size, maxOutput);
    archive.decodedBytes += result.data.length;
    if (!result.complete) break;
  }
  if (result.complete) return { data: result.data, complete: true };
  const size = folder.unpackSize;
  const overBudget = result.exceeded || (size > maxOutput && !result.error);
  if (overBudget && result.data.length / Math.max(1, result.consumed) > BOMB_RATIO) archive.bomb = true;
  const problem = cutOff ?? result.error ?? (overBudget ? `it decodes to ${formatSize(size)}, more than the ${formatSize(maxOutput)} scan limit` : 'it ends early');
  return { data: result.data, complete: false, problem, ...(overBudget && !cutOff && !result.error ? { overBudget: true } : {}) };
}

/** The first packed stream of each folder, computed once per streams description (folders are decoded in order). */
const packIndexCache = new WeakMap<StreamsInfo, number[]>();
const packStartCache = new WeakMap<StreamsInfo, number[]>();

function packIndexOf(streams: StreamsInfo, folder: number): number {
  let firsts = packIndexCache.get(streams);
  if (!firsts) {
    firsts = [];
    let next = 0;
    for (const f of streams.folders) {
      firsts.push(next);
      next += f.packedStreams;
    }
    packIndexCache.set(streams, firsts);
  }
  return firsts[folder] ?? 0;
}

function packStartOf(streams: StreamsInfo, pack: number): number {
  let starts = packStartCache.get(streams);
  if (!starts) {
    starts = [];
    let at = SIGNATURE_HEADER_SIZE + streams.packPosition;
    for (const size of streams.packSizes) {
      starts.push(at);
      at += size;
    }
    starts.push(at);
    packStartCache.set(streams, starts);
  }
  return starts[Math.min(pack, starts.length - 1)]!;
}

const DECODABLE = new Set(['00', '030101', '21', '040108', '03030103']);

function decodeWith(coder: Coder, input: Uint8Array, size: number, maxOutput: number): LzmaResult {
  switch (coder.id) {
    case '030101':
      return decodeLzma(coder.properties, input, size, maxOutput);
    case '21':
      return decodeLzma2(input, size, maxOutput);
    case '040108': {
      const inflated = inflateBounded(input, Math.min(size, maxOutput), 'raw');
      return { ...inflated, complete: inflated.data.length === size };
    }
    case '03030103': {
      // The filter changes bytes in place, so it works on a copy: the input may be a view of the file.
      const data = input.slice(0, Math.min(size, maxOutput));
      decodeBcjX86(data);
      return { data, complete: input.length >= size && size <= maxOutput, exceeded: size > maxOutput, consumed: input.length };
    }
    default:
      return { data: input.subarray(0, Math.min(size, maxOutput)), complete: input.length >= size && size <= maxOutput, exceeded: size > maxOutput, consumed: input.length };
  }
}
