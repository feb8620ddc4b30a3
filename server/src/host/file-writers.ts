/**
 * The project pass behind `ProjectFacts.fileWriter`: which Python file or notebook of the project writes a file of
 * a given name with a serializer (`pickle.dump`, `torch.save`, `open(..., "wb")`; see `rules/shared/python-own-files.ts`),
 * so that a load of that name in another file is known to read the project's own artefact (nanoGPT's
 * `prepare.py` pickles `meta.pkl`, `train.py` loads it).
 *
 * A notebook's code cells are read as the analysis reads them (joined, magics commented out), and a write in one
 * is named by its place in the `.ipynb` file.
 *
 * The first question lists the project's Python files and notebooks (a bounded walk of the project root). A file is parsed
 * (`fileWritesIn`) only when its text can write the name asked about: it calls `dump(`, `save(` or `open(`, and
 * it contains the name's extension (`.pkl` of `meta.pkl`) as a whole dotted word. That second test loses no
 * writer: a written name ends in a literal extension inside a string (see `fileNameOf`), two names can match
 * only when their extensions are equal (`sameFileName`), and the string's text is the source's own. Parsing every
 * file that merely calls `open(` cost ~200 parses per scan of ML code (1.8-3 CPU s of 15) for one or two questions.
 * What a file holds is kept with its size and modification time, so an edited writer is read again at the next question.
 * Files created after the first question are not seen until the facts are created again (each scan does).
 * A project root that is a file-system root is not walked.
 */
import { parse, resolve } from 'node:path';
import type { Engine, EngineConfig, ProjectFacts, ProjectFileWrite, Range } from '../engine/index';
import { DEFAULT_CONFIG } from '../engine/index';
import { readNotebook } from '../engine/parsing/notebook';
import { fileWritesIn, sameFileName, type FileWrite } from '../rules/shared/python-own-files';
import { LIVE_KEPT_CHARS, projectTexts, type ProjectTexts } from './project-texts';
import { displayPath } from './taint-summaries';
import { walkProject } from './project-walk';
import { LIVE_FILE_STATES, type FileStates } from './file-states';

export interface FileWriterOptions {
  engine: Engine;
  /** The folder the engine's paths are relative to (the writer's path is named relative to it, as findings are). */
  baseFolder: string;
  /** The folder whose Python files are read. */
  projectRoot: string;
  config?: EngineConfig;
  /**
   * Where a file's size and modification time are asked: the disk at every question by default; a scan, whose
   * tree is fixed while it runs, passes `memoisedFileStates()` (each question checks every Python file of the
   * project, so a scan of ML code with a few dozen questions stat'ed the same 4,000 files again each time).
   */
  fileStates?: FileStates;
  /** Where module texts are read (the host's store shared with the other project passes); by default its own. */
  texts?: ProjectTexts;
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


/** The extension a file name template ends in, the same way `fileNameOf` finds it. */
const EXTENSION = /\.\w+$/;

/** The Python code of a file: its text, or a notebook's joined cells with the way back to the `.ipynb` file. */
interface Code {
  text: string;
  /** The name the code is parsed under. */
  parsedAs: string;
  /** For a notebook: the range in the `.ipynb` file of a range of the joined code. */
  toFile?: (range: Range) => Range | undefined;
}

interface Known {
  size: number;
  mtimeMs: number;
  /** The text calls a serializer or `open`. */
  mayWrite: boolean;
  /** Whether the text holds an extension as a dotted word, per extension asked (when it may write). */
  dottedWords: Map<string, boolean>;
  /** What `fileWritesIn` found, once asked. */
  writes?: FileWrite[];
}

/** The `fileWriter` answer of a host, backed by the file system. */
export function fileWriterFacts(options: FileWriterOptions): Required<Pick<ProjectFacts, 'fileWriter'>> {
  const root = resolve(options.projectRoot);
  let files: string[] | undefined;
  const known = new Map<string, Known>();
  const config = options.config ?? DEFAULT_CONFIG;
  const states = options.fileStates ?? LIVE_FILE_STATES;
  const texts = options.texts ?? projectTexts(states, LIVE_KEPT_CHARS);
  const readCode = (file: string, size: number): Code => {
    const parsedAs = displayPath(options.baseFolder, file);
    if (!file.endsWith('.ipynb')) {
      return { text: (size <= MAX_WRITER_BYTES ? texts.textOf(file, 'python', MAX_WRITER_BYTES) : undefined) ?? '', parsedAs };
    }
    const notebook = size <= MAX_NOTEBOOK_BYTES ? texts.textOf(file, 'notebook', MAX_NOTEBOOK_BYTES) : undefined;
    const parsed = notebook !== undefined ? readNotebook(notebook) : undefined;
    if (!parsed?.ok || parsed.notebook.language !== 'python' || parsed.notebook.parseText.length > MAX_WRITER_BYTES) return { text: '', parsedAs };
    const { parseText, mapRange } = parsed.notebook;
    // The cells are parsed as the Python module they are joined into; each write is then named in the `.ipynb` file.
    return { text: parseText, parsedAs: `${parsedAs}.py`, toFile: (range) => mapRange(range)?.fileRange };
  };
  /** What the file may write, read again when its size or modification time changed; text when just read. */
  const knownOf = (file: string): { entry: Known; code?: Code } | undefined => {
    const stats = states.stampOf(file);
    if (!stats) return undefined;
    const cached = known.get(file);
    if (cached && cached.size === stats.size && cached.mtimeMs === stats.mtimeMs) return { entry: cached };
    const code = readCode(file, stats.size);
    const mayWrite = MAY_WRITE.test(code.text);
    const entry: Known = { size: stats.size, mtimeMs: stats.mtimeMs, mayWrite, dottedWords: new Map() };
    known.set(file, entry);
    return { entry, code };
  };
  /** The writes of `file` when it may write a name ending in `extension` (any name without one); else none. */
  const writesOf = (file: string, extension: string | undefined): FileWrite[] => {
    const found = knownOf(file);
    if (!found) return [];
    const { entry } = found;
    if (!entry.mayWrite) return [];
    if (extension !== undefined) {
      let holds = entry.dottedWords.get(extension);
      if (holds === undefined) {
        holds = holdsDottedWord((found.code ?? readCode(file, entry.size)).text, extension);
        entry.dottedWords.set(extension, holds);
      }
      if (!holds) return [];
    }
    if (!entry.writes) {
      const code = found.code ?? readCode(file, entry.size);
      const writes = options.engine.inspect(code.parsedAs, code.text, fileWritesIn, config) ?? [];
      const { toFile } = code;
      entry.writes = toFile
        ? writes.flatMap((write) => {
            const range = toFile(write.range);
            return range ? [{ ...write, range }] : [];
          })
        : writes;
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

/** The Python files and notebooks under `root`, in a stable order, within the walk's bounds. */
function pythonFiles(root: string): string[] {
  const found: string[] = [];
  walkProject(root, { maxEntries: MAX_ENTRIES, maxDepth: MAX_DEPTH }, (path, entry) => {
    if (entry.isFile() && (entry.name.endsWith('.py') || entry.name.endsWith('.ipynb'))) found.push(path);
  });
  return found;
}

/**
 * Whether `extension` (`.pkl`) is a dotted word of the text: a dot and the whole run of word characters after
 * it, as a written file name's extension is (see the file comment). Every dot followed by a word character
 * starts such a word, so the extension must only not be followed by another word character.
 */
function holdsDottedWord(text: string, extension: string): boolean {
  for (let at = text.indexOf(extension); at >= 0; at = text.indexOf(extension, at + 1)) {
    if (!/\w/.test(text.charAt(at + extension.length))) return true;
  }
  return false;
}
