/**
 * Where AI-assisted fixes go and how: the `aisec.ai.*` settings (or, for the CLI and a server started
 * without them, the environment: `AISEC_AI_BASE_URL`, `AISEC_AI_MODEL`, `OPENAI_API_KEY`). The API key
 * never comes from settings.json: the editor keeps it in its secret storage and hands it to the server,
 * and the CLI reads it from the environment. Bad values become a problem message and the default, never a throw.
 */

export interface AiConfig {
  /** Off by default: nothing is ever sent until the user turns this on (the CLI's `--ai` turns it on). */
  enabled: boolean;
  /** `editor`: a model of an assistant installed in VS Code, through the client (language server only). */
  provider: 'openai-compatible' | 'editor';
  /** An OpenAI-compatible endpoint (`http://127.0.0.1:11434/v1` for Ollama); empty means api.openai.com. */
  baseUrl: string;
  model: string;
  organization: string;
  project: string;
  /** Empty for local servers that need none. */
  apiKey: string;
  /** Per HTTP request, in milliseconds. */
  timeoutMs: number;
  /** Retries of one request after a 429, a 5xx or a dropped connection. */
  maxRetries: number;
  /** The longest `Retry-After` honoured; an endpoint asking for longer ends the request with a message. */
  maxRetryAfterMs: number;
  /** Extra regular expressions whose matches are replaced by a placeholder before anything is sent. */
  redactPatterns: string[];
}

export const DEFAULT_AI_CONFIG: AiConfig = {
  enabled: false,
  provider: 'openai-compatible',
  baseUrl: '',
  model: '',
  organization: '',
  project: '',
  apiKey: '',
  timeoutMs: 60_000,
  maxRetries: 2,
  maxRetryAfterMs: 30_000,
  redactPatterns: [],
};

export interface AiConfigRead {
  config: AiConfig;
  problems: string[];
}

/**
 * The configuration from the `aisec.ai` settings object (`raw`, possibly undefined) laid over the
 * environment's values; the key is passed separately (secret storage or environment).
 */
export function readAiConfig(raw: unknown, env: Readonly<Record<string, string | undefined>>, apiKey?: string): AiConfigRead {
  const problems: string[] = [];
  const source = typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
  const d = DEFAULT_AI_CONFIG;
  const str = (key: string, fallback: string): string => {
    const value = source[key];
    if (value === undefined || value === null || value === '') return fallback;
    if (typeof value === 'string') return value.trim();
    problems.push(`aisec.ai.${key} must be a string; ignoring it.`);
    return fallback;
  };
  const num = (key: string, fallback: number, min: number): number => {
    const value = source[key];
    if (value === undefined || value === null) return fallback;
    if (typeof value === 'number' && Number.isFinite(value) && value >= min) return Math.floor(value);
    problems.push(`aisec.ai.${key} must be a number of at least ${min}; using ${fallback}.`);
    return fallback;
  };
  if (source.provider !== undefined && source.provider !== 'editor' && source.provider !== 'openai-compatible') problems.push('aisec.ai.provider must be openai-compatible or editor; using openai-compatible.');
  const enabledValue = source.enable;
  if (enabledValue !== undefined && typeof enabledValue !== 'boolean') problems.push('aisec.ai.enable must be true or false; AI fixes stay off.');
  const patterns = Array.isArray(source.redactPatterns) ? source.redactPatterns.filter((p): p is string => typeof p === 'string') : [];
  if (source.redactPatterns !== undefined && !Array.isArray(source.redactPatterns)) problems.push('aisec.ai.redactPatterns must be a list of regular expressions; ignoring it.');
  const validPatterns = patterns.filter((pattern) => {
    try {
      new RegExp(pattern, 'g');
      return true;
    } catch (error) {
      problems.push(`aisec.ai.redactPatterns: "${pattern}" is not a valid regular expression (${(error as Error).message}); ignoring it.`);
      return false;
    }
  });
  let baseUrl = str('baseUrl', env.AISEC_AI_BASE_URL?.trim() ?? d.baseUrl);
  if (baseUrl !== '' && !/^https?:\/\/[^\s]+$/i.test(baseUrl)) {
    problems.push(`aisec.ai.baseUrl must be an http(s) URL; got "${baseUrl}".`);
    baseUrl = d.baseUrl;
  }
  return {
    config: {
      enabled: enabledValue === true,
      provider: source.provider === 'editor' ? 'editor' : 'openai-compatible',
      baseUrl,
      model: str('model', env.AISEC_AI_MODEL?.trim() ?? d.model),
      organization: str('organization', d.organization),
      project: str('project', d.project),
      apiKey: apiKey !== undefined && apiKey !== '' ? apiKey : env.OPENAI_API_KEY ?? '',
      timeoutMs: num('timeoutMs', d.timeoutMs, 1),
      maxRetries: num('maxRetries', d.maxRetries, 0),
      maxRetryAfterMs: num('maxRetryAfterMs', d.maxRetryAfterMs, 0),
      redactPatterns: validPatterns,
    },
    problems,
  };
}

/** Why requests cannot be made with this configuration, or undefined when they can. */
export function aiConfigProblem(config: AiConfig): string | undefined {
  // The editor's own models need no endpoint; the editor asks the user's consent itself.
  if (config.provider === 'editor') return undefined;
  if (config.model === '') return 'no model is configured (set aisec.ai.model or AISEC_AI_MODEL)';
  // api.openai.com always needs a key; a local server (a base URL) may not.
  if (config.baseUrl === '' && config.apiKey === '') return 'no endpoint is configured (set aisec.ai.baseUrl or AISEC_AI_BASE_URL, or an API key for api.openai.com)';
  return undefined;
}
