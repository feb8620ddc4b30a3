/**
 * The context of an AI request in the language server: for a file, its text as it is open; for a notebook
 * cell, the notebook's code cells joined as one code file (`ai/joined-notebook.ts`), so the fix is asked
 * for and verified on the whole program, and the verified edits go back to the cells they fall in.
 */
import type { LineEdit, ModelPatch } from '../ai/patch';
import { cellAtLine, cellEditsOf, joinedNotebookOf, joinedNotebookPath, type CellEdit } from '../ai/joined-notebook';
import type { AiDocumentContext } from './ai-service';
import { documentEditOf } from './ai-text-edits';
import type { Analysis } from './analysis';
import type { OpenDocument } from './open-documents';
import type { OpenNotebook, OpenNotebooks } from './open-notebooks';
import type { ResolvedSettings } from './settings-store';

export function fileAiContext(open: OpenDocument, analysis: Analysis, resolved: ResolvedSettings): AiDocumentContext {
  const text = open.document.text;
  return {
    path: open.path,
    text,
    rules: analysis.ruleMetas(),
    find: (ruleId, fingerprint) => analysis.analyzeOpen(open, resolved).findings.find((f) => f.ruleId === ruleId && f.fingerprint === fingerprint),
    analyse: (candidate) => ({ path: open.path, suppressed: [], ...analysis.analyzeText(open.uri, open.path, candidate, resolved, open.languageId) }),
    documentChanges: (edits) => [documentEditOf(open.uri, open.version, text, edits)],
  };
}

/** The joined code cells of the notebook `cellUri` belongs to, as the open notebook already keeps them. */
export function notebookAiContext(cellUri: string, notebook: OpenNotebook, notebooks: OpenNotebooks, analysis: Analysis, resolved: ResolvedSettings): AiDocumentContext {
  const { code } = notebook;
  const joined = joinedNotebookOf(code.joined, code.document.parseSource, code.language);
  const language = joined.language === 'typescript' || joined.language === 'javascript' ? joined.language : 'python';
  const path = joinedNotebookPath(notebook.path, language);
  const analyse: AiDocumentContext['analyse'] = (candidate) => ({ path, suppressed: [], ...analysis.analyzeText(cellUri, path, candidate, resolved, language) });
  const cellIndex = notebook.cells.findIndex((cell) => cell.document === cellUri);
  const edits = (patch: ModelPatch): CellEdit[] | { problem: string } => cellEditsOf(joined, patch);
  return {
    path,
    text: joined.text,
    rules: analysis.ruleMetas(),
    // The same finding in the joined cells: same rule and fingerprint, on a line of the diagnostic's cell.
    find: (ruleId, fingerprint) => analyse(joined.text).findings.find((f) => f.ruleId === ruleId && f.fingerprint === fingerprint && cellAtLine(joined, f.range.start.line)?.index === cellIndex),
    analyse,
    acceptPatch: (patch) => {
      const mapped = edits(patch);
      return 'problem' in mapped ? mapped.problem : undefined;
    },
    documentChanges: (lineEdits) => {
      const mapped = edits({ edits: [...lineEdits], rationale: '' });
      if ('problem' in mapped) return [];
      const byCell = new Map<number, LineEdit[]>();
      for (const { cellIndex: index, edit } of mapped) byCell.set(index, [...(byCell.get(index) ?? []), edit]);
      return [...byCell].flatMap(([index, cellEdits]) => {
        const cell = notebook.cells[index] && notebooks.cell(notebook.cells[index].document);
        return cell ? [documentEditOf(cell.uri, cell.version, cell.document.text, cellEdits)] : [];
      });
    },
  };
}
