/**
 * What `aisec fix --ai` fixes in one file, as the code the model sees and AISec verifies: a code file's
 * text, or a notebook's code cells joined as one program (`ai/joined-notebook.ts`), whose verified edits
 * are written back into the cells' `source` values of the `.ipynb` text (`ai/notebook-cells-write.ts`).
 * Fixes are taken one after another, each on the code the previous ones left.
 */
import type { AnalysisResult, Engine, EngineConfig, EnginePorts, Finding } from '../engine/index';
import { cellPosition } from '../engine/index';
import { cellAtLine, cellEditsOf, joinNotebook, joinedNotebookPath } from '../ai/joined-notebook';
import type { ModelPatch } from '../ai/patch';
import { rewriteNotebookCells } from '../ai/notebook-cells-write';

export interface AiFixTarget {
  /** The name the code is analysed under (for a notebook, the joined cells' code file name). */
  readonly codePath: string;
  /** The code as the previous verified fixes left it. */
  code(): string;
  analyse(text: string): AnalysisResult;
  /** The finding of the scan report in the current code (it may have moved), or why it cannot be asked about. */
  find(wanted: Finding): Finding | { problem: string } | undefined;
  /** `path:18 AIS101`, or `path cell 3, line 2 AIS101`: how messages name a finding. */
  label(wanted: Finding): string;
  /** The host's condition on a patch (a notebook's: each edit inside one cell). */
  acceptPatch?(patch: ModelPatch): string | undefined;
  /** Takes a verified fix; a problem means it could not be carried into the file, which then stays as it was before it. */
  take(fix: { text: string; edits: ModelPatch['edits'] }): string | undefined;
  /** The file's text with the fixes taken so far. */
  fileText(): string;
}

interface TargetInput {
  engine: Engine;
  path: string;
  text: string;
  config: EngineConfig;
  ports: EnginePorts;
}

export function codeFixTarget({ engine, path, text, config, ports }: TargetInput): AiFixTarget {
  let code = text;
  const analyse = (candidate: string): AnalysisResult => engine.analyze({ path, text: candidate, config, ports });
  return {
    codePath: path,
    code: () => code,
    analyse,
    find: (wanted) => analyse(code).findings.find((f) => f.ruleId === wanted.ruleId && f.fingerprint === wanted.fingerprint),
    label: (wanted) => `${path}:${wanted.range.start.line + 1} ${wanted.ruleId}`,
    take: (fix) => void (code = fix.text),
    fileText: () => code,
  };
}

/** The notebook's code cells as one code file, or why the notebook cannot be read as one. */
export function notebookFixTarget({ engine, path, text, config, ports }: TargetInput): AiFixTarget | { problem: string } {
  const first = joinNotebook(text);
  if (typeof first === 'string') return { problem: first };
  let joined = first;
  let ipynb = text;
  const codePath = joinedNotebookPath(path, joined.language);
  const analyse = (candidate: string): AnalysisResult => engine.analyze({ path: codePath, text: candidate, config, ports });
  return {
    codePath,
    code: () => joined.text,
    analyse,
    find: (wanted) => {
      const cell = wanted.notebook?.cellIndex;
      if (cell === undefined) return { problem: 'it is in the notebook\'s JSON (an output or metadata), not in a code cell; AI fixes change code cells only' };
      // The same finding in the joined cells: same rule and fingerprint, on a line of the same cell.
      return analyse(joined.text).findings.find((f) => f.ruleId === wanted.ruleId && f.fingerprint === wanted.fingerprint && cellAtLine(joined, f.range.start.line)?.index === cell);
    },
    label: (wanted) => {
      if (!wanted.notebook) return `${path}:${wanted.range.start.line + 1} ${wanted.ruleId}`;
      const at = cellPosition(wanted.notebook);
      return `${path} cell ${at.cell}, line ${at.line} ${wanted.ruleId}`;
    },
    acceptPatch: (patch) => {
      const mapped = cellEditsOf(joined, patch);
      return 'problem' in mapped ? mapped.problem : undefined;
    },
    take: (fix) => {
      const mapped = cellEditsOf(joined, { edits: fix.edits, rationale: '' });
      if ('problem' in mapped) return mapped.problem;
      const rewritten = rewriteNotebookCells(ipynb, mapped, fix.text);
      if ('problem' in rewritten) return rewritten.problem;
      ipynb = rewritten.text;
      joined = rewritten.joined;
      return undefined;
    },
    fileText: () => ipynb,
  };
}
