/**
 * Composer's `auth.json` (and the `config` of a `composer.json`) keeps tokens in maps keyed by host name:
 * `"bearer": {"repo.example.org": "<token>"}`, `"github-oauth": {"github.com": "<token>"}`, `gitlab-token`,
 * `gitlab-oauth`. The name a value is bound to is a host, which the generic reader rightly does not take for a
 * credential name, so these maps are read by their parent key: every string entry whose key is a host name is a
 * token. Entries whose value is an object (`bitbucket-oauth`'s `consumer-secret`, `gitlab-token`'s `token`) carry
 * their own credential names and are left to the generic reader.
 */
import type { Candidate } from './candidate';
import { DecodedValues } from './decoded-values';

const TOKEN_MAP = /"(bearer|github-oauth|gitlab-token|gitlab-oauth)"\s*:\s*\{/g;
/** One entry of the map: a quoted key, then a string value (groups 2 and 3) or the opening brace of an object. */
const ENTRY = /\s*"([^"\\\n]{1,253})"\s*:\s*(?:"([^"\\\n]{0,4096})"|(\{))\s*(,|\})/y;
/** A registry host as Composer writes it: a dotted DNS name or `localhost`, with an optional port. */
const HOST = /^(?:[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){1,8}|localhost)(?::\d{1,5})?$/;
/** Entries read per map: a real file lists a handful of hosts. */
const MAX_ENTRIES = 200;

/** The tokens of Composer's host-keyed credential maps, each judged under its map's name. */
export function composerAuthCandidates(text: string): Candidate[] {
  const values = new DecodedValues();
  // Each value is scanned as `token: <value>`, so the generic reader judges it as a token; the finding names the map.
  const mapAt = new Map<number, string>();
  TOKEN_MAP.lastIndex = 0;
  for (let m = TOKEN_MAP.exec(text); m; m = TOKEN_MAP.exec(text)) {
    const map = m[1]!;
    let at = m.index + m[0].length;
    for (let n = 0; n < MAX_ENTRIES; n++) {
      ENTRY.lastIndex = at;
      const entry = ENTRY.exec(text);
      if (!entry) break;
      // An object value ends the walk: its members are named credentials the generic reader judges, and
      // skipping over nested braces by hand is not worth a parser for a map that holds strings.
      if (entry[3] !== undefined) break;
      const host = entry[1]!;
      const value = entry[2]!;
      if (HOST.test(host) && value.length > 0) {
        const end = entry.index + entry[0].length - entry[4]!.length;
        const close = text.lastIndexOf('"', end - 1);
        mapAt.set(close - value.length, map);
        values.add('token', value, close - value.length, close, `the token for the host "${host.slice(0, 60)}" in Composer's \`${map}\` map`);
      }
      at = ENTRY.lastIndex;
      if (entry[4] === '}') break;
    }
  }
  return values.candidates().map((c) => ({ ...c, bindingName: mapAt.get(c.start) ?? 'token' }));
}
