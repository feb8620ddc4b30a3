/**
 * Answers the engine's `ProjectFacts` port for files on disk: whether a referenced file exists, and a
 * verdict for a model file that code loads (computed on demand by running the model-file rules over
 * it, cached per file). Paths the engine passes are the ones the host gave it (relative to `baseFolder`).
 */
import { dirname, isAbsolute, resolve } from 'node:path';
import type { Engine, EngineConfig, ModelFileVerdict, ProjectFacts } from '../engine/index';
import { DEFAULT_CONFIG } from '../engine/index';
import { DISK_READ_CAPS, isRegularFile, readDiskFile } from './safe-read';
import { symlinkEscape } from './link-escape';

export interface DiskProjectFactsOptions {
  /** The folder the engine's paths are relative to (the working folder of a CLI run). */
  baseFolder: string;
  /** Project roots (scan roots, configuration folders) that relative references may also start from. */
  roots?: readonly string[];
  /** The engine used to judge model files; without it there are no verdicts. */
  engine?: Engine;
  /** Bytes read from a model file to judge it. */
  maxModelBytes?: number;
  config?: EngineConfig;
}

/** Creates a `ProjectFacts` backed by the file system. Every answer is cached for the facts' lifetime. */
export function diskProjectFacts(options: DiskProjectFactsOptions): ProjectFacts {
  const existence = new Map<string, boolean>();
  const verdicts = new Map<string, ModelFileVerdict | undefined>();
  const candidates = (fromPath: string, relativePath: string): string[] => {
    if (isAbsolute(relativePath)) return [relativePath];
    const fromFolder = dirname(resolve(options.baseFolder, fromPath));
    return [resolve(fromFolder, relativePath), ...(options.roots ?? [options.baseFolder]).map((root) => resolve(root, relativePath))];
  };
  const existing = (fromPath: string, relativePath: string): string | undefined => {
    for (const candidate of candidates(fromPath, relativePath)) {
      let known = existence.get(candidate);
      if (known === undefined) {
        known = isRegularFile(candidate);
        existence.set(candidate, known);
      }
      if (known) return candidate;
    }
    return undefined;
  };

  const facts: ProjectFacts = {
    fileExists: (fromPath, relativePath) => existing(fromPath, relativePath) !== undefined,
    linkEscape: (fromPath, relativePath) => symlinkEscape(resolve(options.baseFolder, fromPath), relativePath),
  };
  const engine = options.engine;
  if (engine) {
    facts.modelFileVerdict = (fromPath, relativePath) => {
      const file = existing(fromPath, relativePath);
      if (!file || engine.kindOf(file) !== 'model') return undefined;
      if (verdicts.has(file)) return verdicts.get(file);
      const verdict = judgeModelFile(engine, file, options.maxModelBytes ?? DISK_READ_CAPS.model, options.config ?? DEFAULT_CONFIG);
      verdicts.set(file, verdict);
      return verdict;
    };
  }
  return facts;
}

/**
 * Runs the model-file rules over a file and condenses their findings into one verdict: an error-level
 * finding is `dangerous`, a warning `suspicious`, a pickle-based format without findings `pickle`.
 */
export function judgeModelFile(engine: Engine, file: string, maxBytes: number, config: EngineConfig): ModelFileVerdict {
  const read = readDiskFile(file, { kind: 'model', maxBytes, prefix: true });
  if (!read.ok) return { verdict: 'unreadable', summary: `the file ${read.reason}` };
  // The verdict needs every model-file finding, advisory ones too (a plain pickle checkpoint is `pickle`).
  const result = engine.analyzeBytes({ path: file, bytes: read.bytes, fileSize: read.fileSize, config: { ...config, profile: 'audit' } });
  const findings = result.findings.filter((f) => f.category === 'model-files');
  const worst = findings.find((f) => f.severity === 'error') ?? findings.find((f) => f.severity === 'warning');
  if (worst) return { verdict: worst.severity === 'error' ? 'dangerous' : 'suspicious', summary: worst.message };
  if (findings.length > 0) return { verdict: 'pickle', summary: findings[0]?.message ?? 'a pickle-based format' };
  if (result.notes.some((n) => n.kind === 'parse-error')) return { verdict: 'unreadable', summary: result.notes.find((n) => n.kind === 'parse-error')?.message ?? 'unreadable' };
  return { verdict: 'safe', summary: 'no finding from the model-file rules' };
}
