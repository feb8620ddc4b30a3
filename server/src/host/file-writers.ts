/**
 * The project pass behind `ProjectFacts.fileWriter`: which Python file of the project writes a file of a given
 * name with a serializer (`pickle.dump`, `torch.save`, `open(..., "wb")`; see `rules/shared/python-own-files.ts`),
 * so that a load of that name in another file is known to read the project's own artefact (nanoGPT's
 * `prepare.py` pickles `meta.pkl`, `train.py` loads it).
 *
 * The first question lists the project's Python files (a bounded walk of the project root). A file is parsed
 * (`fileWritesIn`) only when its text can write the name asked about: it calls `dump(`, `save(` or `open(`, and
 * it contains the name's extension (`.pkl` of `meta.pkl`) as a whole dotted word. That second test loses no
 * writer: a written name ends in a literal extension inside a string (see `fileNameOf`), two names can match
 * only when their extensions are equal (`sameFileName`), and the string's text is the source's own. Parsing every
 * file that merely calls `open(` cost ~200 parses per scan of ML code (1.8-3 CPU s of 15) for one or two questions.
 * What a file holds is kept with its size and modification time, so an edited writer is read again at the next question.
 * Files created after the first question are not seen until the facts are created again (each scan does).
 * A project root that is a file-system root is not walked.
 */
import { statSync } from 'node:fs';
import { parse, resolve } from 'node:path';
import type { Engine, EngineConfig, ProjectFacts, ProjectFileWrite } from '../engine/index';
import { DEFAULT_CONFIG } from '../engine/index';
import { fileWritesIn, sameFileName, type FileWrite } from '../rules/shared/python-own-files';
import { readDiskFile } from './safe-read';
import { decodeSource } from './source-encoding';
import { displayPath } from './taint-summaries';
import { walkProject } from './project-walk';

export interface FileWriterOptions {
  engine: Engine;
  /** The folder the engine's paths are relative to (the writer's path is named relative to it, as findings are). */
  baseFolder: string;
  /** The folder whose Python files are read. */
  projectRoot: string;
  config?: EngineConfig;
}

/** Entries the walk visits at most, and how deep it goes: a bound on the first question's cost. */
const MAX_ENTRIES = 20_000;
const MAX_DEPTH = 8;
/** Writers longer than this are not read (generated or vendored code). */
const MAX_WRITER_BYTES = 512 * 1024;
/** Text without which a module writes no serialized file (the calls `fileWritesIn` recognises). */
const MAY_WRITE = /\b(?:dump|save)\s*\(|\bopen\s*\(/;

/** Every dotted word of a text (`.pkl`, `.save`): a written file name's extension is one (see the file comment). */
const DOTTED_WORD = /\.\w+/g;
/** The extension a file name template ends in, the same way `fileNameOf` finds it. */
const EXTENSION = /\.\w+$/;

interface Known {
  size: number;
  mtimeMs: number;
  /** The text calls a serializer or `open`. */
  mayWrite: boolean;
  /** The dotted words of the text, when it may write. */
  dottedWords: ReadonlySet<string>;
  /** What `fileWritesIn` found, once asked. */
  writes?: FileWrite[];
}

/** The `fileWriter` answer of a host, backed by the file system. */
export function fileWriterFacts(options: FileWriterOptions): Required<Pick<ProjectFacts, 'fileWriter'>> {
  const root = resolve(options.projectRoot);
  let files: string[] | undefined;
  const known = new Map<string, Known>();
  const readText = (file: string, size: number): string => {
    const read = size <= MAX_WRITER_BYTES ? readDiskFile(file, { kind: 'source', maxBytes: MAX_WRITER_BYTES }) : undefined;
    return read?.ok ? decodeSource(read.bytes, 'python').text : '';
  };
  /** What the file may write, read again when its size or modification time changed; text when just read. */
  const knownOf = (file: string): { entry: Known; text?: string } | undefined => {
    let stats;
    try {
      stats = statSync(file);
    } catch {
      return undefined;
    }
    const cached = known.get(file);
    if (cached && cached.size === stats.size && cached.mtimeMs === stats.mtimeMs) return { entry: cached };
    const text = readText(file, stats.size);
    const mayWrite = MAY_WRITE.test(text);
    const entry: Known = { size: stats.size, mtimeMs: stats.mtimeMs, mayWrite, dottedWords: new Set(mayWrite ? text.match(DOTTED_WORD) : []) };
    known.set(file, entry);
    return { entry, text };
  };
  /** The writes of `file` when it may write a name ending in `extension` (any name without one); else none. */
  const writesOf = (file: string, extension: string | undefined): FileWrite[] => {
    const found = knownOf(file);
    if (!found) return [];
    const { entry } = found;
    if (!entry.mayWrite || (extension !== undefined && !entry.dottedWords.has(extension))) return [];
    if (!entry.writes) {
      const text = found.text ?? readText(file, entry.size);
      entry.writes = options.engine.inspect(displayPath(options.baseFolder, file), text, fileWritesIn, options.config ?? DEFAULT_CONFIG) ?? [];
    }
    return entry.writes;
  };
  return {
    fileWriter: (fromPath: string, fileName: string): ProjectFileWrite | undefined => {
      if (parse(root).root === root) return undefined;
      files ??= pythonFiles(root);
      const asking = resolve(options.baseFolder, fromPath);
      const extension = EXTENSION.exec(fileName)?.[0];
      for (const file of files) {
        if (file === asking) continue;
        const write = writesOf(file, extension).find((w) => sameFileName(fileName, w.name));
        if (write) return { path: displayPath(options.baseFolder, file), range: write.range };
      }
      return undefined;
    },
  };
}

/** The Python files under `root`, in a stable order, within the walk's bounds. */
function pythonFiles(root: string): string[] {
  const found: string[] = [];
  walkProject(root, { maxEntries: MAX_ENTRIES, maxDepth: MAX_DEPTH }, (path, entry) => {
    if (entry.isFile() && entry.name.endsWith('.py')) found.push(path);
  });
  return found;
}
