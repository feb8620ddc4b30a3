/**
 * "Fix all <rule> in this file": each diagnostic's first fix, only edits of this file, never a redacted or
 * display-only fix, and no overlapping edits.
 */
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import type { DiagnosticData, DiagnosticFix } from '../../server/src/shared/protocol';
import { planFixAll } from '../../client/src/fix-all-rule-plan';

const URI = 'file:///w/app.py';

function at(line: number, from: number, to: number): DiagnosticFix['edits'][number]['range'] {
  return { start: { line, character: from }, end: { line, character: to } };
}

function diagnostic(...fixes: Array<Partial<DiagnosticFix> & { edits: DiagnosticFix['edits'] }>): { data: DiagnosticData } {
  return { data: { ruleId: 'AIS102', ruleName: 'unsafe-torch-load', label: 'l', fingerprint: 'f', fixes: fixes.map((fix) => ({ title: 't', applicability: 'safe', preferred: false, ...fix })) } };
}

describe('fix all of one rule in a file', () => {
  it('takes the first fix of every diagnostic', () => {
    const plan = planFixAll(URI, [
      diagnostic({ edits: [{ uri: URI, range: at(1, 20, 20), newText: ', weights_only=True' }] }, { edits: [{ uri: URI, range: at(1, 0, 5), newText: 'x' }] }),
      diagnostic({ edits: [{ uri: URI, range: at(4, 20, 20), newText: ', weights_only=True' }] }),
    ]);
    assert.equal(plan.fixed, 2);
    assert.equal(plan.needsReview, false);
    assert.deepEqual(plan.edits.map((e) => [e.range.start.line, e.newText]), [[1, ', weights_only=True'], [4, ', weights_only=True']]);
  });

  it('skips display-only and redacted fixes, fixes with edits in other files, and overlapping edits', () => {
    const plan = planFixAll(URI, [
      diagnostic({ applicability: 'display-only', edits: [{ uri: URI, range: at(0, 0, 3), newText: 'a' }] }),
      diagnostic({ redacted: true, edits: [{ uri: URI, range: at(1, 0, 3), newText: 'b' }] }),
      diagnostic({ edits: [{ uri: URI, range: at(2, 0, 3), newText: 'c' }, { uri: 'file:///w/.env', range: at(0, 0, 0), newText: 'K=v', createFile: true }] }),
      diagnostic({ edits: [{ uri: URI, range: at(3, 0, 10), newText: 'd' }] }),
      diagnostic({ edits: [{ uri: URI, range: at(3, 5, 12), newText: 'e' }] }),
      diagnostic({ applicability: 'unsafe', edits: [{ uri: URI, range: at(5, 0, 1), newText: 'f' }] }),
      diagnostic(),
    ]);
    assert.deepEqual(plan.edits.map((e) => e.newText), ['d', 'f']);
    assert.equal(plan.fixed, 2);
    assert.equal(plan.needsReview, true, 'an unsafe fix asks for review');
  });

  it('never applies two insertions at the same point', () => {
    const insert = (): { data: DiagnosticData } => diagnostic({ edits: [{ uri: URI, range: at(0, 0, 0), newText: 'import json\n' }] });
    assert.equal(planFixAll(URI, [insert(), insert()]).edits.length, 1);
  });
});
