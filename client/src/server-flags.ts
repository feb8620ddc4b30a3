/**
 * The language server's V8 flags live in package.json (`aisecServer.execArgv`), so the extension and
 * `npm run bench:lsp` start the same process.
 */
export function serverExecArgv(packageJson: unknown): string[] {
  const argv = (packageJson as { aisecServer?: { execArgv?: unknown } } | undefined)?.aisecServer?.execArgv;
  return Array.isArray(argv) && argv.every((flag) => typeof flag === 'string') ? argv : [];
}
