/**
 * `aisec bom [PATH...] [--format cyclonedx|markdown] [-o FILE]`: the AI bill of materials of a tree (see
 * `host/inventory.ts`), as CycloneDX 1.6 JSON or Markdown. Names and evidence pass through the secrets
 * redaction first, so a key pasted where a model id belongs never reaches the BOM.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { addHubLicences, collectInventory } from '../host/inventory';
import { endpointsFromEnv } from '../host/engine-ports';
import { PUBLIC_ENDPOINTS } from '../intel/index';
import { loadEngine } from '../host/load-engine';
import { ALL_RULES } from '../rules/index';
import { groupInventory, type InventoryItem } from '../rules/shared/inventory/group';
import { licencePolicyOf } from '../rules/licence/policy';
import { redactText } from '../rules/secrets/redact-text';
import { toBomMarkdown } from './emitters/bom-markdown';
import { toCycloneDx } from './emitters/cyclonedx';
import { UsageError } from './args';
import type { CliIo } from './run-scan';
import { VERSION } from './version';

export const BOM_HELP = `Usage: aisec bom [PATH...] [options]

Lists the models, datasets, model files, AI services and SDKs, agent tools and AI-related dependencies of
the tree, each with where it was found, and their licences.

Options:
  -f, --format FORMAT   cyclonedx (CycloneDX 1.6 JSON, the default) or markdown
  -o, --output FILE     write the BOM to FILE instead of standard output
  -c, --config FILE     use this configuration file (its [licenses] policy judges the licences)
      --online          ask the Hugging Face Hub for the licences of Hub models and datasets the
                        repository states none for (AISEC_HF_URL changes the address)
      --private-names GLOBS
                        repository ids never sent to the Hub (comma-separated globs)
      --no-gitignore    also list files that .gitignore excludes
`;

export async function bomCommand(argv: readonly string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], allowPositionals: true, options: { format: { type: 'string', short: 'f' }, output: { type: 'string', short: 'o' }, config: { type: 'string', short: 'c' }, 'no-gitignore': { type: 'boolean' }, online: { type: 'boolean' }, 'private-names': { type: 'string', multiple: true }, help: { type: 'boolean', short: 'h' } } });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout(BOM_HELP);
    return 0;
  }
  const format = values.format ?? 'cyclonedx';
  if (format !== 'cyclonedx' && format !== 'markdown') throw new UsageError(`--format must be cyclonedx or markdown for \`aisec bom\`, not "${format}"`);
  for (const path of positionals) if (!existsSync(resolve(io.cwd, path))) throw new UsageError(`${path}: no such file or folder`);
  const engine = await loadEngine();
  const inventory = await collectInventory({
    cwd: io.cwd,
    paths: positionals,
    engine,
    rules: ALL_RULES,
    ...(values.config !== undefined ? { configFile: values.config } : {}),
    ...(values['no-gitignore'] ? { respectGitignore: false } : {}),
  });
  if (values.online) {
    const privateNames = (values['private-names'] ?? []).flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v !== '');
    const problems = await addHubLicences(inventory, { base: { ...PUBLIC_ENDPOINTS, ...endpointsFromEnv() }.huggingface, timeoutMs: 10_000, deadlineMs: 60_000, privateNames });
    for (const problem of problems) io.stderr(`aisec: no licence from the Hub for ${redactText(problem)}\n`);
  }
  for (const error of inventory.configErrors) io.stderr(`aisec: ${redactText(`${error.file}:${error.line}${error.column ? `:${error.column}` : ''}: ${error.key ? `${error.key}: ` : ''}${error.message}`)}\n`);
  if (inventory.configErrors.length > 0) return 2;
  const items = groupInventory(inventory.entries).map(redactItem);
  const policy = inventory.rootConfig ? licencePolicyOf(inventory.rootConfig.config) : undefined;
  const projectName = basename(resolve(io.cwd, positionals[0] ?? '.'));
  const common = { projectName, ...(inventory.projectLicence ? { projectLicence: inventory.projectLicence } : {}), ...(policy ? { policy } : {}) };
  const text = format === 'markdown'
    ? toBomMarkdown(items, common)
    : toCycloneDx(items, { ...common, toolVersion: VERSION, serialNumber: `urn:uuid:${randomUUID()}`, timestamp: new Date() });
  if (values.output !== undefined) {
    writeFileSync(resolve(io.cwd, values.output), text);
    io.stderr(`aisec: wrote the ${format} BOM (${items.length} items) to ${values.output}\n`);
  } else {
    io.stdout(text);
  }
  for (const skipped of inventory.skipped) io.stderr(`aisec: ${redactText(`${skipped.path}: ${skipped.reason}`)}\n`);
  return 0;
}

/** Names and evidence come from the source: the secrets redaction masks any key among them. */
function redactItem(item: InventoryItem): InventoryItem {
  return { ...item, name: redactText(item.name), ...(item.launch ? { launch: redactText(item.launch) } : {}), occurrences: item.occurrences.map((o) => ({ ...o, evidence: redactText(o.evidence) })) };
}
