/**
 * The AI inventory of one Python or JS/TS file: Hub models and datasets (through the model-provenance rules'
 * call recognition), model names passed to AI SDK calls, the AI services and SDKs the file imports, and the
 * functions it registers as agent tools. Calls are recognised by resolved names, never by callee text.
 */
import type { Node } from 'web-tree-sitter';
import type { AstContext } from '../../../engine/rule';
import { pythonImports, jsImports, type ImportRef } from '../../../engine/imports/index';
import { resolvedCalls } from '../python-calls';
import { hubDownloadKind, isLocalPath, PACKAGED_DATASET_BUILDERS, PINNED_REVISION, repositoryArgument } from '../python-hub';
import { literalString } from '../python-values';
import { isLlmFactory, sdkEvidence, sourceOf } from '../taint/sources';
import { toolRegistrations } from '../taint/tools';
import { objectProperty } from '../js-calls';
import { aiPackageOfDependency, aiPackageOfPythonModule } from './ai-packages';
import type { InventoryEntry, InventoryLocation } from './types';

/** Every inventory entry of a code file, in document order per kind. */
export function codeInventory(ctx: AstContext): InventoryEntry[] {
  const out: InventoryEntry[] = [];
  const services = importedServices(ctx, out);
  if (ctx.language === 'python') pythonModels(ctx, out);
  else jsModels(ctx, out);
  sdkModelNames(ctx, out, services);
  agentTools(ctx, out);
  return out;
}

/** The 1-based location of a node in the analysed file. */
function locationOf(ctx: AstContext, node: Node): InventoryLocation {
  return { path: ctx.path, line: node.startPosition.row + 1, column: node.startPosition.column + 1 };
}

function locationAt(ctx: AstContext, offset: number): InventoryLocation {
  const position = ctx.positionAt(offset);
  return { path: ctx.path, line: position.line + 1, column: position.column + 1 };
}

/** One service entry per AI package the file imports (at its first import); returns their labels and kinds. */
function importedServices(ctx: AstContext, out: InventoryEntry[]): Map<string, NonNullable<InventoryEntry['serviceKind']>> {
  const imports: ImportRef[] = ctx.language === 'python' ? pythonImports(ctx.root, ctx.text) : jsImports(ctx.root, ctx.text);
  const seen = new Map<string, NonNullable<InventoryEntry['serviceKind']>>();
  for (const ref of imports) {
    const found = ref.ecosystem === 'pypi' ? aiPackageOfPythonModule(ref.module) : aiPackageOfDependency('npm', ref.module);
    if (!found || seen.has(found.label)) continue;
    seen.set(found.label, found.kind);
    out.push({ kind: 'service', name: found.label, serviceKind: found.kind, location: locationAt(ctx, ref.span.start), evidence: `import ${ref.module}` });
  }
  return seen;
}

/** `from_pretrained`, `load_dataset`, `hf_hub_download`, `snapshot_download`, `pipeline(model=...)`, `SentenceTransformer(...)`. */
function pythonModels(ctx: AstContext, out: InventoryEntry[]): void {
  const scope = ctx.python();
  for (const { call, callee, qualified } of resolvedCalls(ctx)) {
    if (!qualified) continue;
    const kind = hubDownloadKind(qualified);
    let repo: Node | undefined;
    if (kind) repo = repositoryArgument(ctx, call, kind);
    else if (qualified === 'transformers.pipeline') repo = scope.argument(call, 1, 'model');
    else if (qualified === 'sentence_transformers.SentenceTransformer') repo = scope.argument(call, 0, 'model_name_or_path');
    else continue;
    const id = literalString(ctx, repo);
    if (id === undefined) continue;
    const revisionNode = scope.argument(call, undefined, 'revision') ?? scope.argument(call, undefined, 'commit_id');
    const revision = literalString(ctx, revisionNode);
    const evidence = `${callee.text}(...)`;
    if (kind === 'load_dataset') {
      if (PACKAGED_DATASET_BUILDERS.has(id)) {
        // A packaged builder reads local files: the dataset is its `data_files`.
        const files = literalString(ctx, scope.argument(call, undefined, 'data_files'));
        out.push({ kind: 'dataset', name: files ?? id, provider: 'local', location: locationOf(ctx, call), evidence });
        continue;
      }
      out.push(hubEntry('dataset', id, revision, locationOf(ctx, call), evidence));
      continue;
    }
    const task = qualified === 'transformers.pipeline' ? literalString(ctx, scope.argument(call, 0, 'task')) : undefined;
    out.push({ ...hubEntry('model', id, revision, locationOf(ctx, call), evidence), ...(task ? { task } : {}) });
  }
}

/** transformers.js `pipeline(task, model)` and `X.from_pretrained(id)`. */
function jsModels(ctx: AstContext, out: InventoryEntry[]): void {
  const scope = ctx.js();
  for (const call of ctx.calls()) {
    if (call.type !== 'call_expression') continue;
    const callee = call.childForFieldName('function');
    const qualified = callee ? scope.qualifiedName(callee) : undefined;
    if (!callee || !qualified || !/^@(?:huggingface|xenova)\/transformers\./.test(qualified)) continue;
    const args = (call.childForFieldName('arguments')?.namedChildren ?? []).filter((n): n is Node => n !== null && n.type !== 'comment');
    const isPipeline = qualified.endsWith('.pipeline');
    if (!isPipeline && !qualified.endsWith('.from_pretrained')) continue;
    const idNode = isPipeline ? args[1] : args[0];
    const id = idNode ? scope.literalValue(idNode) : undefined;
    if (typeof id !== 'string') continue;
    const options = isPipeline ? args[2] : args[1];
    const revisionNode = options?.type === 'object' ? objectProperty(options, 'revision') : undefined;
    const revision = revisionNode ? scope.literalValue(revisionNode) : undefined;
    const task = isPipeline && args[0] ? scope.literalValue(args[0]) : undefined;
    out.push({ ...hubEntry('model', id, typeof revision === 'string' ? revision : undefined, locationOf(ctx, call), `${callee.text}(...)`), ...(typeof task === 'string' ? { task } : {}) });
  }
}

function hubEntry(kind: 'model' | 'dataset', id: string, revision: string | undefined, location: InventoryLocation, evidence: string): InventoryEntry {
  if (isLocalPath(id)) return { kind, name: id, provider: 'local', location, evidence };
  return { kind, name: id, provider: 'huggingface', ...(revision !== undefined ? { revision } : {}), pinned: revision !== undefined && PINNED_REVISION.test(revision), location, evidence };
}

/** Model names (`model="gpt-4o"`) given to SDK calls that return model output or build an LLM object. */
function sdkModelNames(ctx: AstContext, out: InventoryEntry[], services: ReadonlyMap<string, string>): void {
  if (!/model/.test(ctx.text)) return;
  const evidence = sdkEvidence(ctx.text);
  const apis = [...services].filter(([, kind]) => kind === 'api' || kind === 'runtime').map(([label]) => label);
  for (const call of ctx.calls()) {
    const label = sourceOf(ctx, call, evidence) ?? (isLlmFactory(ctx, call) ? 'LLM' : undefined);
    if (!label) continue;
    const name = modelNameArgument(ctx, call);
    if (name === undefined || name === '') continue;
    const provider = providerOfModelName(name) ?? (apis.length === 1 ? apis[0] : undefined);
    const callee = call.childForFieldName('function') ?? call.childForFieldName('constructor');
    out.push({ kind: 'model', name, ...(provider ? { provider } : {}), location: locationOf(ctx, call), evidence: `${callee?.text ?? label}(...)` });
  }
}

const MODEL_KEYS = ['model', 'model_name', 'model_id', 'modelId', 'modelName'];

function modelNameArgument(ctx: AstContext, call: Node): string | undefined {
  if (ctx.language === 'python') {
    for (const key of MODEL_KEYS) {
      const value = literalString(ctx, ctx.python().argument(call, undefined, key));
      if (value !== undefined) return value;
    }
    return undefined;
  }
  const first = call.childForFieldName('arguments')?.namedChildren.find((n) => n !== null && n.type !== 'comment');
  if (first?.type !== 'object') return undefined;
  for (const key of MODEL_KEYS) {
    const node = objectProperty(first, key);
    const value = node ? ctx.js().literalValue(node) : undefined;
    if (typeof value === 'string') return value;
  }
  return undefined;
}

/** The provider a well-known model name belongs to (`gpt-4o` → OpenAI); undefined for other names. */
function providerOfModelName(name: string): string | undefined {
  if (/^(?:gpt-|o[134](?:-|$)|text-embedding-|dall-e|whisper-|chatgpt-)/.test(name)) return 'OpenAI';
  if (/^claude-/.test(name)) return 'Anthropic';
  if (/^(?:gemini-|models\/gemini)/.test(name)) return 'Google Gemini';
  if (/^(?:mistral-|codestral|mixtral|open-mistral)/.test(name)) return 'Mistral';
  if (/^command(?:-|$)/.test(name)) return 'Cohere';
  if (/^[\w.-]+\/[\w.-]+$/.test(name)) return 'huggingface';
  return undefined;
}

/** Functions registered as agent tools (`@tool`, `BaseTool` subclasses, `FunctionTool.from_defaults`, MCP `@server.tool()`). */
function agentTools(ctx: AstContext, out: InventoryEntry[]): void {
  const tools = toolRegistrations(ctx);
  if (tools.size === 0) return;
  const kinds = ctx.language === 'python'
    ? ['function_definition']
    : ['function_declaration', 'function_expression', 'arrow_function', 'method_definition', 'function'];
  for (const node of ctx.root.descendantsOfType(kinds)) {
    const tool = node ? tools.get(node.id) : undefined;
    if (!node || !tool || tool.parser) continue;
    out.push({ kind: 'tool', name: tool.name, framework: tool.framework, location: locationOf(ctx, node), evidence: tool.framework });
  }
}
