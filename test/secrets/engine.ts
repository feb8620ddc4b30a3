/** A secrets-only engine for tests, built the way hosts build theirs (grammar bytes read from `grammars/`). */
import { engineOptions } from '../../server/src/host/load-engine';
import { createEngine, type Engine } from '../../server/src/engine/index';
import { modules } from '../../server/src/rules/secrets/index';

let engine: Promise<Engine> | undefined;

/** One engine per test process. */
export function secretsEngine(): Promise<Engine> {
  engine ??= createEngine(engineOptions(modules));
  return engine;
}
