/**
 * The parts of a raw `.ipynb` file that the cell documents do not cover: cell outputs (printed
 * environments, `%env` echoes, tracebacks) and markdown/raw cells. Each region is decoded from JSON
 * and keeps, for every decoded character, the span it came from in the file, so findings point at the
 * `.ipynb` text itself.
 */
import { jsonGet, parseJsonWithLocations, decodedOffsets, type JsonNode } from '../../engine/parsing/json-locate';

export interface NotebookRegion {
  text: string;
  cellIndex: number;
  /** Raw start offset of decoded character i. */
  rawStart: number[];
  /** Raw end offset of decoded character i. */
  rawEnd: number[];
}

export function notebookRegions(fileText: string): NotebookRegion[] {
  const parsed = parseJsonWithLocations(fileText);
  if (!parsed.ok) return [];
  const cells = jsonGet(parsed.value, 'cells');
  if (!cells || cells.type !== 'array') return [];
  const regions: NotebookRegion[] = [];
  cells.items.forEach((cell, cellIndex) => {
    const type = jsonGet(cell, 'cell_type');
    if (type?.type === 'string' && (type.value === 'markdown' || type.value === 'raw')) {
      const source = jsonGet(cell, 'source');
      if (source) collect(fileText, source, cellIndex, regions);
    }
    const outputs = jsonGet(cell, 'outputs');
    if (outputs) collect(fileText, outputs, cellIndex, regions);
  });
  return regions;
}

/** Every string, with consecutive strings of one array joined (notebooks split text into lines). */
function collect(fileText: string, node: JsonNode, cellIndex: number, out: NotebookRegion[]): void {
  if (node.type === 'string') {
    out.push(regionOf(fileText, [node], cellIndex));
  } else if (node.type === 'array') {
    const strings = node.items.filter((i): i is Extract<JsonNode, { type: 'string' }> => i.type === 'string');
    if (strings.length > 0) out.push(regionOf(fileText, strings, cellIndex));
    for (const item of node.items) if (item.type !== 'string') collect(fileText, item, cellIndex, out);
  } else if (node.type === 'object') {
    for (const entry of node.entries) collect(fileText, entry.value, cellIndex, out);
  }
}

function regionOf(fileText: string, tokens: Extract<JsonNode, { type: 'string' }>[], cellIndex: number): NotebookRegion {
  let text = '';
  const rawStart: number[] = [];
  const rawEnd: number[] = [];
  for (const token of tokens) {
    const offsets = decodedOffsets(fileText, token.start);
    text += token.value;
    // `decodedOffsets` maps UTF-16 units of the decoded value; its last entry is the closing quote.
    for (let i = 0; i < token.value.length; i++) {
      const at = offsets[Math.min(i, offsets.length - 2)] ?? token.start;
      const next = offsets[Math.min(i + 1, offsets.length - 1)] ?? at + 1;
      rawStart.push(at);
      rawEnd.push(Math.max(next, at + 1));
    }
  }
  return { text, cellIndex, rawStart, rawEnd };
}
