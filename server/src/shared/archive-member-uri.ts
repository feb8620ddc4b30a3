/**
 * Where a finding inside a model archive's member (a TorchServe handler) can be shown: a read-only document
 * of the scheme `aisec-member`, whose path names the archive and the member (`/models/model.mar!/handler.py`,
 * so the editor titles it `handler.py` and reads it as Python) and whose query carries both exactly. The
 * client answers such a document with the member's text from the server (`aisec/archiveMemberText`).
 */
import { URI } from 'vscode-uri';

export const ARCHIVE_MEMBER_SCHEME = 'aisec-member';

export interface ArchiveMemberRef {
  /** The URI of the archive file. */
  archive: string;
  /** The member's path in the archive (nested archives joined with `!`). */
  member: string;
}

export function archiveMemberUri(ref: ArchiveMemberRef): string {
  const archivePath = URI.parse(ref.archive).path;
  const query = new URLSearchParams({ archive: ref.archive, member: ref.member }).toString();
  return URI.from({ scheme: ARCHIVE_MEMBER_SCHEME, path: `${archivePath}!/${ref.member}`, query }).toString();
}

/** The archive and member a member URI names, or undefined for any other URI. */
export function parseArchiveMemberUri(uri: string): ArchiveMemberRef | undefined {
  const parsed = URI.parse(uri);
  if (parsed.scheme !== ARCHIVE_MEMBER_SCHEME) return undefined;
  const query = new URLSearchParams(parsed.query);
  const archive = query.get('archive');
  const member = query.get('member');
  return archive && member ? { archive, member } : undefined;
}
