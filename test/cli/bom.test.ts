/**
 * `aisec bom` end to end on a temporary repository of real files: a Python app (pinned and unpinned
 * `from_pretrained`, a Hub dataset, a local data file, OpenAI with a key in the code, an agent tool), a
 * TypeScript file using transformers.js, requirements.txt, package.json and package-lock.json, a model card,
 * a LICENSE file, and model files made by the fixture generator and the GGUF writer. The CycloneDX output is
 * validated against the CycloneDX 1.6 JSON schema with the library's own validator.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import * as Validation from '@cyclonedx/cyclonedx-library/Validation';
import * as Spec from '@cyclonedx/cyclonedx-library/Spec';
import { runCli } from './run-cli';
import { generatedModelFiles } from '../model-files/helpers';
import { gguf } from '../model-files/gguf-writer';

const PINNED = '0123456789abcdef0123456789abcdef01234567';
const KEY = 'sk-proj-Zq4v9TbL2xWm8RkN3pYc7HdJ5sAeF1gUoQi6VrXt0BnMwE';

let dir = '';
const write = (path: string, content: string | Uint8Array): void => {
  mkdirSync(dirname(join(dir, path)), { recursive: true });
  writeFileSync(join(dir, path), content);
};

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'aisec-bom-'));
  mkdirSync(join(dir, '.git'));
  write('app.py', [
    'from openai import OpenAI',
    'from transformers import AutoModel, AutoTokenizer, pipeline',
    'from datasets import load_dataset',
    'from langchain_core.tools import tool',
    '',
    `model = AutoModel.from_pretrained("bert-base-uncased", revision="${PINNED}")`,
    'tokenizer = AutoTokenizer.from_pretrained("meta-llama/Llama-2-7b-hf")',
    'reviews = load_dataset("stanfordnlp/imdb")',
    'local = load_dataset("csv", data_files="data/train.csv")',
    `client = OpenAI(api_key="${KEY}")`,
    'reply = client.chat.completions.create(model="gpt-4o", messages=[])',
    'classify = pipeline("sentiment-analysis", model="distilbert/distilbert-base-uncased-finetuned-sst-2-english")',
    '',
    '@tool',
    'def search(query: str) -> str:',
    '    """Search the documentation."""',
    '    return query',
    '',
  ].join('\n'));
  write('requirements.txt', 'openai==1.40.0\ntransformers>=4.40\nrequests==2.32.0\n');
  write('web/index.ts', "import { pipeline } from '@huggingface/transformers';\nconst p = await pipeline('feature-extraction', 'Xenova/all-MiniLM-L6-v2');\n");
  write('package.json', JSON.stringify({ name: 'web', version: '1.0.0', license: 'MIT', dependencies: { '@huggingface/transformers': '^3.0.0', 'left-pad': '1.3.0' } }, null, 2));
  write('package-lock.json', JSON.stringify({ name: 'web', version: '1.0.0', lockfileVersion: 3, packages: { '': { name: 'web', version: '1.0.0', license: 'MIT' }, 'node_modules/@huggingface/transformers': { version: '3.0.2', license: 'Apache-2.0' }, 'node_modules/left-pad': { version: '1.3.0', license: 'WTFPL' } } }, null, 2));
  const models = generatedModelFiles({
    safetensors: "safetensors_bytes({'w': ('F32', (2,), floats(2))}, {'format': 'pt'})",
    torch: 'torch_zip(*state_dict())',
  });
  write('models/llama/README.md', '---\nlicense: llama2\nlibrary_name: transformers\npipeline_tag: text-generation\n---\n# A fine-tuned Llama 2\n');
  write('models/llama/model.safetensors', models.safetensors!);
  write('models/classifier/pytorch_model.bin', models.torch!);
  write('models/classifier/LICENSE', '                                 Apache License\n                           Version 2.0, January 2004\n                        http://www.apache.org/licenses/\n\n   TERMS AND CONDITIONS FOR USE, REPRODUCTION, AND DISTRIBUTION\n');
  // A real ONNX export (torch.onnx.export, see test/model-files/real-samples/PROVENANCE.md).
  write('models/encoder.onnx', readFileSync(join(__dirname, '..', 'model-files', 'real-samples', 'torch-export.onnx')));
  write('models/gemma.gguf', gguf({ 'general.architecture': { type: 'string', value: 'gemma' }, 'general.license': { type: 'string', value: 'gemma' } }));
  write('.vscode/mcp.json', JSON.stringify({ servers: { github: { command: 'npx', args: ['-y', '@modelcontextprotocol/server-github'] }, files: { command: 'npx', args: ['-y', '@modelcontextprotocol/server-filesystem@2025.8.21', '.'] }, remote: { type: 'http', url: `https://mcp.example.com/mcp?key=${KEY}` } } }, null, 2));
  write('.aisec.toml', '[licenses]\ndeny = ["cc-by-nc-*", "llama2"]\nallow = ["Apache-2.0", "MIT", "gemma"]\n');
});

after(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

interface CdxComponent {
  type: string;
  name: string;
  version?: string;
  purl?: string;
  'bom-ref': string;
  hashes?: Array<{ alg: string; content: string }>;
  licenses?: Array<{ license?: { id?: string; name?: string }; expression?: string }>;
  properties?: Array<{ name: string; value: string }>;
  evidence?: { occurrences?: Array<{ location: string; line?: number; offset?: number; additionalContext?: string }> };
  modelCard?: { modelParameters?: { task?: string } };
}

const property = (c: CdxComponent | undefined, name: string): string | undefined => c?.properties?.find((p) => p.name === `aisec:${name}`)?.value;

test('aisec bom writes a CycloneDX 1.6 BOM that the schema accepts, with models, datasets, model files, services, tools and dependencies', async () => {
  const run = runCli(['bom', '-o', 'bom.json'], dir);
  assert.equal(run.status, 0, run.stderr);
  const text = readFileSync(join(dir, 'bom.json'), 'utf8');
  const invalid = await new Validation.JsonStrictValidator(Spec.Version.v1dot6).validate(text);
  assert.equal(invalid, null, JSON.stringify(invalid, null, 2));
  assert.ok(!text.includes(KEY) && !text.includes(KEY.slice(0, 20)), 'the key in app.py never reaches the BOM');
  const bom = JSON.parse(text) as { specVersion: string; components: CdxComponent[]; services?: Array<{ name: string; properties?: Array<{ name: string; value: string }> }>; metadata: { component: CdxComponent } };
  assert.equal(bom.specVersion, '1.6');
  const named = (name: string): CdxComponent | undefined => bom.components.find((c) => c.name === name);

  const pinned = named('bert-base-uncased');
  assert.equal(pinned?.type, 'machine-learning-model');
  assert.equal(pinned?.purl, `pkg:huggingface/bert-base-uncased@${PINNED}`);
  assert.equal(property(pinned, 'pinned'), 'true');
  assert.deepEqual(pinned?.evidence?.occurrences?.map((o) => [o.location, o.line]), [['app.py', 6]]);
  const unpinned = named('meta-llama/Llama-2-7b-hf');
  assert.equal(unpinned?.purl, 'pkg:huggingface/meta-llama/Llama-2-7b-hf');
  assert.equal(unpinned?.version, undefined);
  assert.equal(property(unpinned, 'pinned'), 'false');
  assert.equal(named('distilbert/distilbert-base-uncased-finetuned-sst-2-english')?.modelCard?.modelParameters?.task, 'sentiment-analysis');
  assert.equal(named('Xenova/all-MiniLM-L6-v2')?.evidence?.occurrences?.[0]?.location, 'web/index.ts');
  assert.equal(property(named('gpt-4o'), 'provider'), 'OpenAI');

  assert.equal(named('stanfordnlp/imdb')?.type, 'data');
  assert.equal(named('data/train.csv')?.type, 'data');

  const llama = named('models/llama/model.safetensors');
  assert.equal(llama?.type, 'machine-learning-model');
  const sha = createHash('sha256').update(readFileSync(join(dir, 'models/llama/model.safetensors'))).digest('hex');
  assert.deepEqual(llama?.hashes, [{ alg: 'SHA-256', content: sha }]);
  assert.equal(property(llama, 'verdict'), 'safe');
  assert.equal(llama?.licenses?.[0]?.license?.id ?? llama?.licenses?.[0]?.license?.name ?? llama?.licenses?.[0]?.expression, 'LicenseRef-llama2');
  assert.equal(property(llama, 'licence-policy'), 'denied');
  assert.match(property(llama, 'licence-source') ?? '', /models\/llama\/README\.md:2 \(model card\)/);
  const torch = named('models/classifier/pytorch_model.bin');
  assert.equal(property(torch, 'verdict'), 'pickle');
  assert.equal(torch?.licenses?.[0]?.license?.id, 'Apache-2.0');
  assert.equal(property(torch, 'licence-policy'), 'allowed');
  const encoder = named('models/encoder.onnx');
  assert.equal(encoder?.type, 'machine-learning-model', 'an .onnx file is a model file in the BOM');
  assert.equal(property(encoder, 'format'), 'onnx');
  assert.equal(property(encoder, 'verdict'), 'safe');
  const gemma = named('models/gemma.gguf');
  assert.equal(property(gemma, 'format'), 'gguf');
  assert.match(property(gemma, 'licence-source') ?? '', /GGUF general\.license/);
  assert.equal(property(gemma, 'licence-policy'), 'allowed');

  assert.equal(named('LangChain')?.type, 'framework');
  assert.deepEqual(named('Hugging Face Transformers')?.evidence?.occurrences?.map((o) => o.location).sort(), ['app.py', 'package-lock.json', 'package.json', 'requirements.txt', 'web/index.ts']);
  const openai = bom.services?.find((s) => s.name === 'OpenAI');
  assert.ok(openai, 'OpenAI is a service');
  assert.ok(openai.properties?.some((p) => p.name === 'aisec:occurrence' && p.value.startsWith('app.py:1:')));
  const tool = bom.services?.find((s) => s.name === 'search');
  assert.equal(tool?.properties?.find((p) => p.name === 'aisec:framework')?.value, 'LangChain @tool');

  const github = bom.services?.find((s) => s.name === 'github');
  assert.equal(github?.properties?.find((p) => p.name === 'aisec:launch')?.value, 'npx @modelcontextprotocol/server-github');
  assert.equal(github?.properties?.find((p) => p.name === 'aisec:pinned')?.value, 'false');
  assert.ok(github?.properties?.some((p) => p.name === 'aisec:occurrence' && p.value.startsWith('.vscode/mcp.json:')));
  const files = bom.services?.find((s) => s.name === 'files');
  assert.equal(files?.properties?.find((p) => p.name === 'aisec:pinned')?.value, 'true');
  assert.match(bom.services?.find((s) => s.name === 'remote')?.properties?.find((p) => p.name === 'aisec:launch')?.value ?? '', /^remote https:\/\/mcp\.example\.com\/mcp\?key=/);

  const openaiPackage = bom.components.find((c) => c.name === 'openai' && c.type === 'library');
  assert.equal(openaiPackage?.purl, 'pkg:pypi/openai@1.40.0');
  const transformersJs = bom.components.filter((c) => c.name === '@huggingface/transformers');
  assert.ok(transformersJs.some((c) => c.purl === 'pkg:npm/%40huggingface/transformers@3.0.2' && c.licenses?.[0]?.license?.id === 'Apache-2.0'), JSON.stringify(transformersJs));
  assert.ok(!bom.components.some((c) => c.name === 'requests' || c.name === 'left-pad'), 'packages unrelated to AI are left out');
  assert.equal(bom.metadata.component.licenses?.[0]?.license?.id, 'MIT');
});

test('aisec bom --format markdown prints one table per kind', () => {
  const run = runCli(['bom', '--format', 'markdown'], dir);
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, /^# AI bill of materials: aisec-bom-/);
  assert.match(run.stdout, /## Models \(\d+\)\n\n\| Name \| Provider \| Revision \| Pinned \| Licence \| Found at \|/);
  assert.match(run.stdout, new RegExp(`\\| bert-base-uncased \\| huggingface \\| ${PINNED} \\| yes \\|`));
  assert.match(run.stdout, /\| meta-llama\/Llama-2-7b-hf \| huggingface \| {2}\| no \|/);
  assert.match(run.stdout, /\| models\/llama\/model\.safetensors \| safetensors[^|]*\| \d+ \| `[0-9a-f]{16}…` \| safe: [^|]*\| `llama2` \(policy: denied\) \|/);
  assert.match(run.stdout, /## Agent tools \(1\)[\s\S]*\| search \| LangChain @tool \| app\.py:15 \|/);
  assert.match(run.stdout, /## MCP servers \(3\)[\s\S]*\| github \| npx @modelcontextprotocol\/server-github \| no \| \.vscode\/mcp\.json:\d+ \(\.vscode\/mcp\.json \(VS Code/);
  assert.ok(!run.stdout.includes(KEY));
});

test('aisec bom refuses an unknown format and a missing path', () => {
  assert.equal(runCli(['bom', '--format', 'xml'], dir).status, 2);
  assert.equal(runCli(['bom', 'no-such-folder'], dir).status, 2);
});
