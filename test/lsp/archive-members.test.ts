/**
 * Findings inside a model archive's Python member (a TorchServe handler) sit on the archive's first line, and
 * point at their real place: a related location in an `aisec-member:` document whose text the server gives
 * back (`aisec/archiveMemberText`), so the line shown is the line the rule read.
 */
import { strict as assert } from 'node:assert';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { URI } from 'vscode-uri';
import { ArchiveMemberTextRequest, ScanWorkspaceRequest } from '../../server/src/shared/protocol';
import { ARCHIVE_MEMBER_SCHEME, parseArchiveMemberUri } from '../../server/src/shared/archive-member-uri';
import { ALL_MODULES } from '../../server/src/rules/index';
import { startHarness } from './harness';

const uriOf = (path: string): string => URI.file(path).toString();

test('a TorchServe handler finding links to its line in a read-only member document', async () => {
  const root = mkdtempSync(join(tmpdir(), 'aisec-lsp-member-'));
  mkdirSync(join(root, '.git'));
  mkdirSync(join(root, 'models'));
  const archive = join(root, 'models', 'served model.mar');
  copyFileSync(join(__dirname, '..', '..', 'server', 'src', 'rules', 'model-files', 'fixtures', 'bad-handler-code.mar'), archive);
  const h = await startHarness({ workspaceFolders: [{ uri: uriOf(root), name: 'member' }], modules: ALL_MODULES });
  try {
    await h.client.sendRequest(ScanWorkspaceRequest.type, {});
    const diagnostics = h.diagnostics.filter((p) => p.uri === uriOf(archive)).flatMap((p) => p.diagnostics);
    const inMember = diagnostics.filter((d) => d.relatedInformation?.some((r) => r.location.uri.startsWith(`${ARCHIVE_MEMBER_SCHEME}:`)));
    assert.deepEqual(inMember.map((d) => d.code).sort(), ['AIS101', 'AIS203'], JSON.stringify(diagnostics.map((d) => [d.code, d.message])));
    for (const diagnostic of inMember) {
      assert.equal(diagnostic.range.start.line, 0, 'the diagnostic itself stays on the archive');
      const place = diagnostic.relatedInformation![0]!;
      const ref = parseArchiveMemberUri(place.location.uri);
      assert.deepEqual(ref, { archive: uriOf(archive), member: 'handler.py' });
      assert.match(URI.parse(place.location.uri).path, /\/models\/served model\.mar!\/handler\.py$/, 'the document is titled and typed by the member name');
      assert.match(place.message, /^here in the archive member handler\.py, line 1[03]$/);
      const text = await h.client.sendRequest(ArchiveMemberTextRequest.type, { uri: ref!.archive, member: ref!.member });
      const line = text?.text.split('\n')[place.location.range.start.line] ?? '';
      const marked = line.slice(place.location.range.start.character, place.location.range.end.character);
      assert.match(marked, diagnostic.code === 'AIS101' ? /^pickle\.loads\(body\)$/ : /^subprocess\.run\(/, `${diagnostic.code} marks the call in the member's text`);
    }
    assert.equal(await h.client.sendRequest(ArchiveMemberTextRequest.type, { uri: uriOf(archive), member: 'missing.py' }), null);
    assert.equal(await h.client.sendRequest(ArchiveMemberTextRequest.type, { uri: uriOf(join(root, 'notes.txt')), member: 'handler.py' }), null);
  } finally {
    await h.dispose();
    rmSync(root, { recursive: true, force: true });
  }
});
