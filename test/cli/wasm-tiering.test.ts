/**
 * The CLI launcher's WebAssembly tier-up budget (server/src/launch/wasm-tiering.ts): raised unless the user chose
 * a budget on the command line or in NODE_OPTIONS, in either spelling V8 accepts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { raiseWasmTieringBudget } from '../../server/src/launch/wasm-tiering';

test('the launcher raises the budget when the user chose none', () => {
  assert.equal(raiseWasmTieringBudget(['--max-semi-space-size=4'], '--enable-source-maps'), true);
});

test("the user's own budget wins, on the command line or in NODE_OPTIONS", () => {
  assert.equal(raiseWasmTieringBudget(['--wasm-tiering-budget=5000'], ''), false);
  assert.equal(raiseWasmTieringBudget([], '--wasm_tiering_budget=5000'), false);
});
