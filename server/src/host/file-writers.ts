/**
 * The project pass behind `ProjectFacts.fileWriter`: which Python file or notebook of the project writes a file of
 * a given name with a serializer (`pickle.dump`, `torch.save`, `open(..., "wb")`; see `rules/shared/python-own-files.ts`),
 * so that a load of that name in another file is known to read the project's own artefact (nanoGPT's
 * `prepare.py` pickles `meta.pkl`, `train.py` loads it).
 *
 * A notebook's code cells are read as the analysis reads them (joined, magics commented out), and a write in one
 * is named by its place in the `.ipynb` file.
 *
 * The first question lists the project's Python files and notebooks (a bounded walk of the project root) and runs
 * `fileWritesIn` over those whose text can write one (`dump(`, `save(` or `open(`); each answer is
 * kept with the file's size and modification time, so an edited writer is read again at the next question.
 * Files created after the first question are not seen until the facts are created again (each scan does).
 * A project root that is a file-system root is not walked.
 */
import { statSync } from 'node:fs';
import { parse, resolve } from 'node:path';
import type { Engine, EngineConfig, ProjectFacts, ProjectFileWrite } from '../engine/index';
import { DEFAULT_CONFIG } from '../engine/index';
import { readNotebook } from '../engine/parsing/notebook';
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
/** Writers longer than this are not read (generated or vendored code); for a notebook, its code. */
const MAX_WRITER_BYTES = 512 * 1024;
/** Notebooks longer than this (outputs included) are not read. */
const MAX_NOTEBOOK_BYTES = 8 * 1024 * 1024;
/** Text without which a module writes no serialized file (the calls `fileWritesIn` recognises). */
const MAY_WRITE = /\b(?:dump|save)\s*\(|\bopen\s*\(/;

interface Known {
  size: number;
  mtimeMs: number;
  writes: FileWrite[];
}

/** The `fileWriter` answer of a host, backed by the file system. */
export function fileWriterFacts(options: FileWriterOptions): Required<Pick<ProjectFacts, 'fileWriter'>> {
  const root = resolve(options.projectRoot);
  let files: string[] | undefined;
  const known = new Map<string, Known>();
  const writesOf = (file: string): FileWrite[] => {
    let stats;
    try {
      stats = statSync(file);
    } catch {
      return [];
    }
    const cached = known.get(file);
    if (cached && cached.size === stats.size && cached.mtimeMs === stats.mtimeMs) return cached.writes;
    const writes = file.endsWith('.ipynb') ? notebookWrites(file, stats.size) : pythonWrites(file, stats.size);
    known.set(file, { size: stats.size, mtimeMs: stats.mtimeMs, writes });
    return writes;
  };
  const config = options.config ?? DEFAULT_CONFIG;
  const pythonWrites = (file: string, size: number): FileWrite[] => {
    const read = size <= MAX_WRITER_BYTES ? readDiskFile(file, { kind: 'source', maxBytes: MAX_WRITER_BYTES }) : undefined;
    const text = read?.ok ? decodeSource(read.bytes, 'python').text : '';
    return MAY_WRITE.test(text) ? (options.engine.inspect(displayPath(options.baseFolder, file), text, fileWritesIn, config) ?? []) : [];
  };
  const notebookWrites = (file: string, size: number): FileWrite[] => {
    const read = size <= MAX_NOTEBOOK_BYTES ? readDiskFile(file, { kind: 'source', maxBytes: MAX_NOTEBOOK_BYTES }) : undefined;
    const parsed = read?.ok ? readNotebook(decodeSource(read.bytes, 'notebook').text) : undefined;
    if (!parsed?.ok || parsed.notebook.language !== 'python') return [];
    const { parseText, mapRange } = parsed.notebook;
    if (parseText.length > MAX_WRITER_BYTES || !MAY_WRITE.test(parseText)) return [];
    // The cells are parsed as the Python module they are joined into; each write is then named in the `.ipynb` file.
    const writes = options.engine.inspect(`${displayPath(options.baseFolder, file)}.py`, parseText, fileWritesIn, config) ?? [];
    return writes.flatMap((write) => {
      const mapped = mapRange(write.range);
      return mapped ? [{ ...write, range: mapped.fileRange }] : [];
    });
  };
  return {
    fileWriter: (fromPath: string, fileName: string): ProjectFileWrite | undefined => {
      if (parse(root).root === root) return undefined;
      files ??= pythonFiles(root);
      const asking = resolve(options.baseFolder, fromPath);
      for (const file of files) {
        if (file === asking) continue;
        const write = writesOf(file).find((w) => sameFileName(fileName, w.name));
        if (write) return { path: displayPath(options.baseFolder, file), range: write.range };
      }
      return undefined;
    },
  };
}

/** The Python files and notebooks under `root`, in a stable order, within the walk's bounds. */
function pythonFiles(root: string): string[] {
  const found: string[] = [];
  walkProject(root, { maxEntries: MAX_ENTRIES, maxDepth: MAX_DEPTH }, (path, entry) => {
    if (entry.isFile() && (entry.name.endsWith('.py') || entry.name.endsWith('.ipynb'))) found.push(path);
  });
  return found;
}
