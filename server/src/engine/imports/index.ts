/** Imports found in code, for the dependency rules (see `types.ts`). */
export type { ImportRef } from './types';
export { pythonImports } from './python-imports';
export { jsImports } from './js-imports';
export { isNodeBuiltin, NODE_BUILTINS } from './node-builtins';
export { lexicalImports } from './lexical-imports';
