/**
 * TorchServe model archives (`.mar`, written by `torch-model-archiver`): a ZIP with `MAR-INF/MANIFEST.json`,
 * the serialized model (often a pickle, scanned like any member) and Python code. Serving the archive
 * imports its handler by design, so the code in it is the model's behaviour; the manifest names the handler
 * (`model.handler`: a file in the archive, `file.py:function`, or a built-in handler such as
 * `image_classifier`) and the files it loads (`serializedFile`, `modelFile`, `requirementsFile`).
 */
import { folderEscape } from './folder-escape';

export interface TorchServeManifest {
  /** The handler as the manifest names it, without a `:function` suffix; empty when missing. */
  handler: string;
  /** Python files in the archive, the handler first when it is one of them. */
  codeFiles: string[];
  serializedFile?: string;
  /** `key: path (why)` for manifest paths that leave the archive's folder. */
  pathProblems: string[];
  /** Why the manifest could not be read, if it could not. */
  problem?: string;
}

/** Manifest keys under `model` that name files. */
const PATH_KEYS = ['handler', 'serializedFile', 'modelFile', 'requirementsFile', 'extraFiles'];

export function readTorchServeManifest(text: string, names: readonly string[]): TorchServeManifest {
  const python = names.filter((n) => n.toLowerCase().endsWith('.py') && !n.startsWith('MAR-INF/'));
  const out: TorchServeManifest = { handler: '', codeFiles: python, pathProblems: [] };
  let manifest: unknown;
  try {
    manifest = JSON.parse(text);
  } catch {
    out.problem = 'the manifest is not valid JSON, so the handler it names is unknown (every Python file in the archive is listed)';
    return out;
  }
  const model = isRecord(manifest) && isRecord(manifest['model']) ? manifest['model'] : undefined;
  if (!model) {
    out.problem = 'the manifest has no `model` object, so the handler it names is unknown';
    return out;
  }
  const handler = typeof model['handler'] === 'string' ? model['handler'] : '';
  out.handler = handler.replace(/:[A-Za-z_][A-Za-z0-9_]*$/, '');
  if (typeof model['serializedFile'] === 'string') out.serializedFile = model['serializedFile'];
  if (python.includes(out.handler)) out.codeFiles = [out.handler, ...python.filter((n) => n !== out.handler)];
  for (const key of PATH_KEYS) {
    const value = model[key];
    if (typeof value !== 'string') continue;
    for (const path of key === 'extraFiles' ? value.split(',') : [value]) {
      const escape = folderEscape(path.trim());
      if (escape) out.pathProblems.push(`model.${key}: ${path.trim()} (${escape})`);
    }
  }
  return out;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
