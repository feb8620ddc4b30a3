/**
 * AWS Signature Version 4 (the signing AWS requires of every API request, documented in the AWS General
 * Reference, "Create a signed AWS API request"): a canonical request, the string to sign under a scope of date,
 * region and service, and an HMAC-SHA256 chain keyed by the secret access key. The secret never leaves this
 * function: only the signature, which proves knowledge of it for this one request, is returned.
 */
import { createHash, createHmac } from 'node:crypto';

export interface SigV4Input {
  method: string;
  host: string;
  /** Already URI-encoded, starting with `/`. */
  path: string;
  /** Already canonical (sorted, encoded) or empty. */
  query?: string;
  /** Headers to sign besides `host` and `x-amz-date` (lower-case names). */
  headers: Record<string, string>;
  body: string;
  region: string;
  service: string;
  accessKeyId: string;
  secretAccessKey: string;
  now: Date;
}

export interface SigV4Signed {
  /** The headers to send: those given, `host`, `x-amz-date` and `authorization`. */
  headers: Record<string, string>;
  /** For tests against the published vectors. */
  canonicalRequest: string;
  signature: string;
}

const ALGORITHM = 'AWS4-HMAC-SHA256';

export function signV4(input: SigV4Input): SigV4Signed {
  const amzDate = input.now.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
  const date = amzDate.slice(0, 8);
  const headers: Record<string, string> = { ...lowerCaseKeys(input.headers), host: input.host, 'x-amz-date': amzDate };
  const names = Object.keys(headers).sort();
  const signedHeaders = names.join(';');
  const canonicalHeaders = names.map((name) => `${name}:${headers[name]!.trim().replace(/\s+/g, ' ')}\n`).join('');
  const canonicalRequest = [input.method, input.path, input.query ?? '', canonicalHeaders, signedHeaders, sha256Hex(input.body)].join('\n');
  const scope = `${date}/${input.region}/${input.service}/aws4_request`;
  const stringToSign = [ALGORITHM, amzDate, scope, sha256Hex(canonicalRequest)].join('\n');
  let key: Buffer = hmac(`AWS4${input.secretAccessKey}`, date);
  for (const part of [input.region, input.service, 'aws4_request']) key = hmac(key, part);
  const signature = hmac(key, stringToSign).toString('hex');
  return {
    headers: { ...headers, authorization: `${ALGORITHM} Credential=${input.accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}` },
    canonicalRequest,
    signature,
  };
}

function lowerCaseKeys(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
}

function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest();
}
