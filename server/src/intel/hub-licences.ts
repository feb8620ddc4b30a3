/**
 * Model and dataset licences from the Hugging Face Hub's metadata (`/api/models/<id>`, `/api/datasets/<id>`:
 * the card's `license`, else a `license:<name>` tag), asked only by `aisec bom --online` for Hub repositories
 * the repository itself gives no licence for. Bounded like every online lookup: a timeout per request, one
 * deadline for all, a few requests at a time, and names matching the private-name patterns are never sent.
 */
import { httpRequest } from './http';
import { privateNameMatcher } from './privacy';

export interface HubLicenceRequest {
  kind: 'model' | 'dataset';
  /** The repository id, `org/name` (or a bare legacy name). */
  id: string;
}

export interface HubLicenceOptions {
  /** The Hub's base URL (`https://huggingface.co`; tests point it at a loopback server). */
  base: string;
  timeoutMs: number;
  /** The whole lookup stops after this long; what was not answered stays unknown. */
  deadlineMs: number;
  privateNames?: readonly string[];
  env?: NodeJS.ProcessEnv;
}

export interface HubLicenceAnswers {
  /** Licences by `kind:id`. */
  licences: Map<string, string>;
  /** Why some ids were not answered (errors, the deadline), for a note. */
  problems: string[];
}

const CONCURRENCY = 4;
/** Repository ids as the Hub allows them; anything else is never put into a URL. */
const REPOSITORY_ID = /^(?:[\w.-]+\/)?[\w.-]+$/;

export async function fetchHubLicences(requests: readonly HubLicenceRequest[], options: HubLicenceOptions): Promise<HubLicenceAnswers> {
  const isPrivate = privateNameMatcher(options.privateNames ?? []);
  const queue = requests.filter((r) => REPOSITORY_ID.test(r.id) && !isPrivate(r.id));
  const answers: HubLicenceAnswers = { licences: new Map(), problems: [] };
  const deadline = AbortSignal.timeout(options.deadlineMs);
  const base = options.base.replace(/\/+$/, '');
  const worker = async (): Promise<void> => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      if (deadline.aborted) {
        answers.problems.push(`${next.id}: not asked, the online deadline passed`);
        continue;
      }
      try {
        const response = await httpRequest(`${base}/api/${next.kind === 'model' ? 'models' : 'datasets'}/${next.id}`, { timeoutMs: options.timeoutMs, maxBytes: 4 * 1024 * 1024, signal: deadline, ...(options.env ? { env: options.env } : {}) });
        if (response.status === 404 || response.status === 401) continue;
        if (response.status !== 200) throw new Error(`the Hub answered ${response.status}`);
        const licence = licenceOfMetadata(JSON.parse(response.body) as unknown);
        if (licence) answers.licences.set(`${next.kind}:${next.id}`, licence);
      } catch (error) {
        answers.problems.push(`${next.id}: ${(error as Error).message}`);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, queue.length) }, worker));
  return answers;
}

/** The licence in a Hub metadata answer: `cardData.license` (a name or a list), else the first `license:` tag. */
export function licenceOfMetadata(metadata: unknown): string | undefined {
  if (!metadata || typeof metadata !== 'object') return undefined;
  const record = metadata as { cardData?: { license?: unknown; license_name?: unknown }; tags?: unknown };
  const card = record.cardData?.license;
  const names = typeof card === 'string' ? [card] : Array.isArray(card) ? card.filter((c): c is string => typeof c === 'string') : [];
  if (names.length === 1 && names[0] === 'other' && typeof record.cardData?.license_name === 'string') return record.cardData.license_name;
  if (names.length > 0) return names.join(' OR ');
  const tag = Array.isArray(record.tags) ? record.tags.find((t): t is string => typeof t === 'string' && t.startsWith('license:')) : undefined;
  return tag?.slice('license:'.length);
}
