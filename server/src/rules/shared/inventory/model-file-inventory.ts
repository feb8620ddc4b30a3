/**
 * The inventory entry of a local model file: its format, size and the scanner's verdict (from the model-file
 * rules), its SHA-256 when the host read the whole file, and the licence its own metadata declares.
 */
import type { ModelFileVerdict } from '../../../engine/ports';
import type { ModelScan } from '../../../engine/formats/model-scan-types';
import { modelFileLicence } from './licence-sources';
import type { InventoryEntry } from './types';

export interface ModelFileFacts {
  path: string;
  /** The bytes read (a prefix when the file is larger than the host's cap). */
  bytes: Uint8Array;
  fileSize: number;
  scan: ModelScan;
  verdict: ModelFileVerdict;
  /** Hex SHA-256 of the whole file; undefined when only a prefix was read. */
  sha256: string | undefined;
}

export function modelFileInventory(facts: ModelFileFacts): InventoryEntry {
  const licence = modelFileLicence(facts.bytes, facts.fileSize);
  return {
    kind: 'model-file',
    name: facts.path,
    location: { path: facts.path, line: 1, column: 1 },
    evidence: facts.scan.formatLabel,
    format: facts.scan.format,
    formatLabel: facts.scan.formatLabel,
    fileSize: facts.fileSize,
    ...(facts.sha256 ? { sha256: facts.sha256 } : {}),
    verdict: facts.verdict.verdict,
    verdictSummary: facts.verdict.summary,
    ...(licence ? { licence } : {}),
  };
}
