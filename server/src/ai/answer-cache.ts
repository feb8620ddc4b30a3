/**
 * What models answered, kept so that asking again about the same code sends nothing: verified patches and
 * explanations, under the SHA-256 of the prompt version, the endpoint and the exact first request body
 * (model, instructions, the finding, its rule's text, the redacted code), so a changed model, prompt, rule
 * or code misses. It lives in memory and, given a file (the extension's global storage folder, or the CLI's
 * cache folder), across sessions. No secret is written: request bodies are never stored, only their hashes,
 * and an answer the secret redaction would change stays in memory only. Bounded in entries and in bytes, the
 * least recently used answer going first. A patch from the cache is verified again before use (fix-session.ts).
 * A missing or damaged file just means an empty cache; one that cannot be written is reported once.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { sha256Hex } from '../engine/secrets/sha256';
import { writeFileAtomically } from '../host/atomic-write';
import { readDiskText } from '../host/safe-read';
import { redactText } from '../rules/secrets/redact-text';
import { parsePatch, type ModelPatch } from './patch';
import type { ChatRequestBody } from './provider';

/**
 * Raised whenever the instructions, the prompt's layout or the reading of replies change in a way that makes
 * earlier answers wrong to reuse; it is part of every key.
 */
export const PROMPT_VERSION = 1;

const FORMAT = 1;

export type CachedAnswer = { kind: 'patch'; patch: ModelPatch } | { kind: 'explanation'; markdown: string };

export interface AiAnswerCacheOptions {
  /** Where the cache persists; undefined: memory only. */
  file?: string;
  maxEntries?: number;
  /** The bound on the stored answers' JSON, in bytes. */
  maxBytes?: number;
  /** Told once when the file cannot be read or written. */
  warn?: (message: string) => void;
}

interface Stored {
  format?: number;
  /** Least recently used first. */
  entries?: Array<[string, CachedAnswer]>;
}

/** The key of a request: what the model was asked, where, under which prompt version. */
export function aiCacheKey(endpoint: string, body: ChatRequestBody, promptVersion: number = PROMPT_VERSION): string {
  return sha256Hex(JSON.stringify([promptVersion, endpoint, body]));
}

export class AiAnswerCache {
  private readonly entries = new Map<string, { answer: CachedAnswer; bytes: number; persisted: boolean }>();
  private readonly file: string | undefined;
  private readonly maxEntries: number;
  private readonly maxBytes: number;
  private readonly warn: (message: string) => void;
  private bytes = 0;
  private warned = false;

  constructor(options: AiAnswerCacheOptions = {}) {
    this.file = options.file;
    this.maxEntries = options.maxEntries ?? 500;
    this.maxBytes = options.maxBytes ?? 4 * 1024 * 1024;
    this.warn = options.warn ?? (() => undefined);
    if (this.file) this.load(this.file);
  }

  get(key: string): CachedAnswer | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.answer;
  }

  set(key: string, answer: CachedAnswer): void {
    this.remove(key);
    const text = JSON.stringify(answer);
    // A model may write something that looks like a key; such an answer is never written to disk.
    const persisted = redactText(text) === text;
    this.entries.set(key, { answer, bytes: Buffer.byteLength(text), persisted });
    this.bytes += Buffer.byteLength(text);
    this.trim();
    if (persisted) this.save();
  }

  delete(key: string): void {
    if (this.remove(key)) this.save();
  }

  get size(): number {
    return this.entries.size;
  }

  private remove(key: string): boolean {
    const entry = this.entries.get(key);
    if (!entry) return false;
    this.entries.delete(key);
    this.bytes -= entry.bytes;
    return true;
  }

  private trim(): void {
    while (this.entries.size > this.maxEntries || (this.bytes > this.maxBytes && this.entries.size > 1)) this.remove(this.entries.keys().next().value!);
  }

  private load(file: string): void {
    const read = readDiskText(file, { kind: 'cache' });
    if (!read.ok) {
      if (!read.missing) this.report(`AISec: the AI answer cache ${file} was not read: it ${read.reason}; it starts empty`);
      return;
    }
    let stored: Stored;
    try {
      stored = JSON.parse(read.text) as Stored;
    } catch (error) {
      this.report(`AISec: the AI answer cache ${file} is damaged (${(error as Error).message}); it starts empty`);
      return;
    }
    if (stored.format !== FORMAT || !Array.isArray(stored.entries)) return;
    for (const item of stored.entries) {
      const answer = Array.isArray(item) && typeof item[0] === 'string' ? validAnswer(item[1]) : undefined;
      if (!answer) continue;
      const text = JSON.stringify(answer);
      // A file edited by hand gets the same rule as a fresh answer.
      if (redactText(text) !== text) continue;
      this.entries.set(item[0] as string, { answer, bytes: Buffer.byteLength(text), persisted: true });
      this.bytes += Buffer.byteLength(text);
    }
    this.trim();
  }

  private save(): void {
    if (!this.file) return;
    const entries = [...this.entries].filter(([, e]) => e.persisted).map(([key, e]) => [key, e.answer] as [string, CachedAnswer]);
    try {
      mkdirSync(dirname(this.file), { recursive: true });
      writeFileAtomically(this.file, Buffer.from(JSON.stringify({ format: FORMAT, entries } satisfies Stored)), { createMode: 0o600 });
    } catch (error) {
      this.report(`AISec: the AI answer cache ${this.file} could not be written: ${(error as Error).message}`);
    }
  }

  private report(message: string): void {
    if (this.warned) return;
    this.warned = true;
    this.warn(message);
  }
}

/** A stored answer as it must look, or undefined (a patch is read by the same reader as a model's reply). */
function validAnswer(value: unknown): CachedAnswer | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const record = value as Record<string, unknown>;
  if (record.kind === 'explanation' && typeof record.markdown === 'string') return { kind: 'explanation', markdown: record.markdown };
  if (record.kind !== 'patch') return undefined;
  const patch = parsePatch(JSON.stringify(record.patch));
  return 'problem' in patch ? undefined : { kind: 'patch', patch };
}
