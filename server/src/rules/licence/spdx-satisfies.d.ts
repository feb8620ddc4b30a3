/** spdx-satisfies 6 ships no types: `satisfies(expression, allowed)` is true when the licences in `allowed` satisfy the expression. */
declare module 'spdx-satisfies' {
  function satisfies(expression: string, allowed: readonly string[]): boolean;
  export = satisfies;
}
