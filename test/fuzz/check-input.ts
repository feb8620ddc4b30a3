/**
 * Runs one fuzz input through the engine the ways hosts do (`analyze`, `analyzeBytes`, an open document
 * analysed before and after edits, and the configuration reader for `.aisec.toml` and `pyproject.toml`) and
 * checks what the issue demands of every input: no exception escapes, a well-formed result, no guarded
 * checker crash, and no call longer than the engine's time budget plus a margin.
 */
import { performance } from 'node:perf_hooks';
import { DEFAULT_CONFIG, TextIndex, isRuleCode, type AnalysisResult, type Engine, type EnginePorts } from '../../server/src/engine/index';
import { parseConfigFile } from '../../server/src/engine/config-file';
import { random } from '../helpers/incremental-edits';
import { hostileToken, type FuzzInput } from './mutate';

export interface FuzzLimits {
  /** The time budget given to the engine (`timeBudgetMs`); the language server's default. */
  budgetMs: number;
  /** A call slower than budget + margin counts as a hang: the bound is on runaway work, not on speed. */
  marginMs: number;
}

export const DEFAULT_LIMITS: FuzzLimits = { budgetMs: 2000, marginMs: 3000 };

export type FailureKind = 'crash' | 'rule-failed' | 'malformed' | 'hang' | 'canary';

export interface Failure {
  kind: FailureKind;
  /** Which call failed (`analyze`, `analyzeDocument after the edit`, ...) and how. */
  detail: string;
}

export interface InputOutcome {
  failures: Failure[];
  /** The slowest engine call of the input, in milliseconds. */
  slowestMs: number;
  /** True when the input is worth a canary check: it failed, was slow, or the engine noted a budget overrun. */
  suspicious: boolean;
}

/** Runs every applicable engine call on `input`, announcing each to `onCall`. Never throws. */
export function checkInput(engine: Engine, ports: EnginePorts, input: FuzzInput, limits: FuzzLimits = DEFAULT_LIMITS, onCall: (label: string) => void = () => undefined): InputOutcome {
  const outcome: InputOutcome = { failures: [], slowestMs: 0, suspicious: false };
  const timed = (label: string, text: string | undefined, call: () => AnalysisResult | undefined): void => {
    onCall(label);
    const started = performance.now();
    let result: AnalysisResult | undefined;
    try {
      result = call();
    } catch (error) {
      outcome.failures.push({ kind: 'crash', detail: `${label} threw ${describeError(error)}` });
    }
    const ms = performance.now() - started;
    outcome.slowestMs = Math.max(outcome.slowestMs, ms);
    if (ms > limits.budgetMs + limits.marginMs) outcome.failures.push({ kind: 'hang', detail: `${label} took ${Math.round(ms)} ms (budget ${limits.budgetMs} ms + margin ${limits.marginMs} ms)` });
    if (ms > limits.budgetMs / 4) outcome.suspicious = true;
    if (result) {
      for (const problem of resultProblems(result, input.path, text)) outcome.failures.push({ kind: 'malformed', detail: `${label}: ${problem}` });
      for (const note of result.notes) {
        if (note.kind === 'rule-failed') outcome.failures.push({ kind: 'rule-failed', detail: `${label}: ${note.ruleId ?? ''} ${note.message}` });
        if (/budget|fail|trap|not analysed/i.test(note.message)) outcome.suspicious = true;
      }
    }
  };

  if (input.bytes) {
    const bytes = input.bytes;
    timed('analyzeBytes', undefined, () => engine.analyzeBytes({ path: input.path, bytes, fileSize: bytes.length, ports }));
  } else if (input.text !== undefined) {
    const text = input.text;
    timed('analyze', text, () => engine.analyze({ path: input.path, text, ports, timeBudgetMs: limits.budgetMs }));
    if (/(^|\/)(\.aisec\.toml|pyproject\.toml)$/.test(input.path)) {
      timed('parseConfigFile', undefined, () => {
        const parsed = parseConfigFile(input.path, text);
        if (!Array.isArray(parsed.errors)) throw new Error('parseConfigFile returned no error list');
        return undefined;
      });
    }
    if (engine.kindOf(input.path) !== undefined && input.seedText !== undefined && input.index % 5 === 0) checkDocument(engine, ports, input, limits, timed);
  }
  if (outcome.failures.length > 0) outcome.suspicious = true;
  return outcome;
}

/** The message and the first frames of a thrown value. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}\n${(error.stack ?? '').split('\n').slice(1, 6).join('\n')}`;
  return String(error);
}

/**
 * The language server's path: the seed is open, the user's edit turns it into the mutant (one change, the span
 * between the common prefix and suffix), then one more hostile token is typed somewhere.
 */
function checkDocument(engine: Engine, ports: EnginePorts, input: FuzzInput, limits: FuzzLimits, timed: (label: string, text: string | undefined, call: () => AnalysisResult | undefined) => void): void {
  const seedText = input.seedText ?? '';
  const text = input.text ?? '';
  let document;
  try {
    document = engine.openDocument(input.path, seedText);
  } catch (error) {
    timed('openDocument', undefined, () => {
      throw error;
    });
    return;
  }
  const open = document;
  try {
    timed('analyzeDocument of the seed', seedText, () => engine.analyzeDocument(open, DEFAULT_CONFIG, ports, limits.budgetMs));
    let prefix = 0;
    const shorter = Math.min(seedText.length, text.length);
    while (prefix < shorter && seedText.charCodeAt(prefix) === text.charCodeAt(prefix)) prefix++;
    let suffix = 0;
    while (suffix < shorter - prefix && seedText.charCodeAt(seedText.length - 1 - suffix) === text.charCodeAt(text.length - 1 - suffix)) suffix++;
    const before = open.textIndex;
    timed('analyzeDocument after the edit', text, () => {
      open.applyChanges([{ range: before.rangeOf(prefix, seedText.length - suffix), text: text.slice(prefix, text.length - suffix) }]);
      return engine.analyzeDocument(open, DEFAULT_CONFIG, ports, limits.budgetMs);
    });
    const rnd = random(input.index);
    // A keystroke-sized token (the large ones are in the mutants already).
    const token = hostileToken(rnd, input.kind).token.slice(0, TYPED_TOKEN_LIMIT);
    const at = Math.floor(rnd() * (open.text.length + 1));
    const position = open.textIndex.positionAt(at);
    const typed = open.text.slice(0, at) + token + open.text.slice(at);
    timed('analyzeDocument after typing a hostile token', typed, () => {
      open.applyChanges([{ range: { start: position, end: position }, text: token }]);
      return engine.analyzeDocument(open, DEFAULT_CONFIG, ports, limits.budgetMs);
    });
  } finally {
    try {
      open.dispose();
    } catch (error) {
      // A document that cannot be disposed leaks its tree: that is a failure of this input too.
      timed('EngineDocument.dispose', undefined, () => {
        throw error;
      });
    }
  }
}

const TYPED_TOKEN_LIMIT = 2000;

/** What is wrong with a result's shape: the path, the lists, and every range inside the analysed text. */
function resultProblems(result: AnalysisResult, path: string, text: string | undefined): string[] {
  const problems: string[] = [];
  if (result === null || typeof result !== 'object') return ['no result'];
  if (result.path !== path) problems.push(`result for ${String(result.path)} instead of ${path}`);
  for (const list of ['findings', 'suppressed', 'notes'] as const) if (!Array.isArray(result[list])) problems.push(`no ${list} list`);
  if (problems.length > 0) return problems;
  const lines = text === undefined ? undefined : new TextIndex(text).lineCount;
  for (const finding of result.findings) {
    const { start, end } = finding.range;
    const ordered = start.line < end.line || (start.line === end.line && start.column <= end.column);
    if (!isRuleCode(finding.ruleId) || start.line < 0 || start.column < 0 || !ordered || (lines !== undefined && end.line >= lines)) {
      problems.push(`finding ${finding.ruleId} at ${JSON.stringify(finding.range)} is outside the text (${lines ?? '?'} lines)`);
      break;
    }
  }
  return problems;
}
