/**
 * Reading the claims of a JSON Web Token offline, for the providers whose credential is a JWT of a known
 * issuer (a Supabase project key, a Kubernetes service-account token, an Auth0 Management API token). The
 * signature is never checked: the claims say what the token is, and that is all a scanner needs to know.
 */
import { decodeBase64Url } from './base64';

type Claims = Readonly<Record<string, unknown>>;

/**
 * The last token read and its claims: the providers' patterns at one `eyJ` anchor ask about the same token in turn,
 * so it is decoded once (a pure memo; the answer depends only on the token).
 */
let last: { token: string; claims: Claims | undefined } | undefined;

/** The decoded payload of `header.payload.signature` when the header names an algorithm and the payload is a JSON object. */
export function jwtClaims(token: string): Claims | undefined {
  if (last?.token !== token) last = { token, claims: readClaims(token) };
  return last.claims;
}

function readClaims(token: string): Claims | undefined {
  const [header, payload, signature] = token.split('.');
  if (header === undefined || payload === undefined || signature === undefined || signature.length < 16) return undefined;
  const headerJson = parseObject(decodeBase64Url(header));
  if (typeof headerJson?.['alg'] !== 'string' || headerJson['alg'].toLowerCase() === 'none') return undefined;
  return parseObject(decodeBase64Url(payload));
}

/** A Supabase project key (`iss` is `supabase`, or it names the project's `ref`) whose role is `role`. */
export function isSupabaseKey(token: string, role: 'service_role' | 'anon'): boolean {
  const claims = jwtClaims(token);
  if (!claims || claims['role'] !== role) return false;
  const issuer = claims['iss'];
  return (typeof issuer === 'string' && /supabase/i.test(issuer)) || typeof claims['ref'] === 'string';
}

/** A Kubernetes service-account token: the legacy issuer, or the `kubernetes.io` claim bound tokens carry. */
export function isKubernetesServiceAccountToken(token: string): boolean {
  const claims = jwtClaims(token);
  if (!claims) return false;
  if (claims['iss'] === 'kubernetes/serviceaccount') return true;
  const bound = claims['kubernetes.io'];
  return (typeof bound === 'object' && bound !== null && 'serviceaccount' in bound) || Object.keys(claims).some((k) => k.startsWith('kubernetes.io/serviceaccount/'));
}

/** An Auth0 Management API token: its audience is the tenant's `/api/v2/`. */
export function isAuth0ManagementToken(token: string): boolean {
  const audience = jwtClaims(token)?.['aud'];
  const audiences = Array.isArray(audience) ? audience : [audience];
  return audiences.some((a) => typeof a === 'string' && /^https:\/\/[\w.-]+\.auth0\.com\/api\/v2\/?$/.test(a));
}

function parseObject(json: string | undefined): Claims | undefined {
  if (!json || !/^\s*\{/.test(json)) return undefined;
  try {
    const value: unknown = JSON.parse(json);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Claims) : undefined;
  } catch {
    return undefined;
  }
}
