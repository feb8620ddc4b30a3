/** A secrets-only engine for tests, built the way hosts build theirs (grammar bytes read from `grammars/`). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createEngine, type Engine } from '../../server/src/engine/index';
import { modules } from '../../server/src/rules/secrets/index';

const GRAMMARS = join(__dirname, '..', '..', 'grammars');

let engine: Promise<Engine> | undefined;

/** One engine per test process. */
export function secretsEngine(): Promise<Engine> {
  engine ??= createEngine({ loadWasm: (name: string) => readFileSync(join(GRAMMARS, name)), modules });
  return engine;
}
