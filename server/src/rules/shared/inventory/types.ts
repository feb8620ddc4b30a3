/**
 * The AI inventory of one file as plain data: what a repository's AI is made of (models, datasets, AI
 * services and SDKs, agent tools, local model files, AI-related dependencies) with the place each was found.
 * The engine extracts it per file; hosts (the CLI's `aisec bom`, the language server's inventory view) walk
 * the tree and merge the entries.
 */

/** Where an entry was found: the file as the host named it, and a 1-based line and column. */
export interface InventoryLocation {
  path: string;
  line: number;
  column: number;
}

export type InventoryKind = 'model' | 'dataset' | 'service' | 'tool' | 'mcp-server' | 'model-file' | 'dependency';

/** A licence as written where it was found, and how AISec read it. */
export interface InventoryLicence {
  /** The licence as written (`apache-2.0`, `llama3`, `MIT OR Apache-2.0`). */
  text: string;
  /** Where it was read: a model card's front matter, a LICENSE file, GGUF metadata, a lockfile entry. */
  source: string;
}

export interface InventoryEntry {
  kind: InventoryKind;
  /**
   * What the entry is: a Hugging Face repository id (`org/model`), a service or SDK (`OpenAI`), a tool's
   * function name, a package name, a model file's path.
   */
  name: string;
  location: InventoryLocation;
  /** How it was found, for people (`AutoModel.from_pretrained`, `import openai`, `requirements.txt`). */
  evidence: string;
  /** Models and datasets: `huggingface`, or the service whose model name it is (`openai`). */
  provider?: string;
  /** Models and datasets: the `revision` argument, when a literal. */
  revision?: string;
  /** Models and datasets from the Hub: true when `revision` pins a commit (7+ hexadecimal characters); MCP servers: the launched package or image is pinned. */
  pinned?: boolean;
  /** Models: the task a pipeline was built for (`text-generation`), when written. */
  task?: string;
  /** Services: an API (`api`), a framework (`framework`) or a local runtime (`runtime`). */
  serviceKind?: 'api' | 'framework' | 'runtime' | 'library';
  /** Tools: how the function became a tool (`LangChain @tool`). */
  framework?: string;
  /** MCP servers: how the server runs (`npx @modelcontextprotocol/server-github@1.2.0`, `remote https://...`). */
  launch?: string;
  /** Dependencies: the ecosystem and the version (exact when pinned or locked, else the specifier). */
  ecosystem?: 'pypi' | 'npm' | 'conda';
  version?: string;
  /** Dependencies: true when `version` is exact (a pin or a lockfile entry). */
  exactVersion?: boolean;
  /** Model files: the format (`safetensors`, `pickle`, `gguf`), its label, size, SHA-256 and the scanner's verdict. */
  format?: string;
  formatLabel?: string;
  fileSize?: number;
  sha256?: string;
  verdict?: string;
  verdictSummary?: string;
  licence?: InventoryLicence;
}
