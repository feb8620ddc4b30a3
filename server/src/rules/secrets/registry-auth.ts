/** Container registry credentials: the base64 `user:password` of a Docker or Podman `auths` entry. */
import type { Candidate } from './candidate';
import { decodeBase64Url } from './base64';
import { DecodedValues, isPrintable, NOT_ENCRYPTION } from './decoded-values';

const DOCKER_AUTH = /"auth"\s*:\s*"([A-Za-z0-9+/]{4,}={0,2})"/g;

/** `"auth": "<base64 of user:password>"` entries (config.json `auths`, the older `.dockercfg`, Podman's auth.json). */
export function dockerAuthCandidates(text: string): Candidate[] {
  const values = new DecodedValues();
  DOCKER_AUTH.lastIndex = 0;
  for (let m = DOCKER_AUTH.exec(text); m; m = DOCKER_AUTH.exec(text)) {
    const decoded = decodeBase64Url(m[1]!);
    const colon = decoded?.indexOf(':') ?? -1;
    if (decoded === undefined || colon <= 0 || !isPrintable(decoded)) continue;
    const start = m.index + m[0].length - 1 - m[1]!.length;
    const user = decoded.slice(0, colon);
    values.add('password', decoded.slice(colon + 1), start, start + m[1]!.length, `base64-encoded with the user name "${user.slice(0, 40)}" in a container registry \`auth\` entry${NOT_ENCRYPTION}`);
  }
  return values.candidates();
}
