/** GGUF files built byte by byte from the spec (ggml docs/gguf.md, version 3), for the model-file, licence and BOM tests. */

export type GgufValue = { type: 'u32'; value: number } | { type: 'string'; value: string } | { type: 'strings'; value: string[] } | { type: 'f32'; value: number };

function ggufString(text: string): Buffer {
  const bytes = Buffer.from(text, 'utf8');
  const length = Buffer.alloc(8);
  length.writeBigUInt64LE(BigInt(bytes.length));
  return Buffer.concat([length, bytes]);
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n);
  return b;
}

function u64(n: bigint): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(n);
  return b;
}

/** A GGUF v3 file: header, the key-value pairs, one F32 tensor info, alignment padding and its data. */
export function gguf(kv: Record<string, GgufValue>): Uint8Array {
  const parts: Buffer[] = [Buffer.from('GGUF'), u32(3), u64(1n), u64(BigInt(Object.keys(kv).length))];
  for (const [key, v] of Object.entries(kv)) {
    parts.push(ggufString(key));
    if (v.type === 'u32') parts.push(u32(4), u32(v.value));
    else if (v.type === 'f32') {
      const f = Buffer.alloc(4);
      f.writeFloatLE(v.value);
      parts.push(u32(6), f);
    } else if (v.type === 'string') parts.push(u32(8), ggufString(v.value));
    else parts.push(u32(9), u32(8), u64(BigInt(v.value.length)), ...v.value.map(ggufString));
  }
  parts.push(ggufString('token_embd.weight'), u32(1), u64(4n), u32(0), u64(0n));
  const head = Buffer.concat(parts);
  const pad = Buffer.alloc((32 - (head.length % 32)) % 32);
  return new Uint8Array(Buffer.concat([head, pad, Buffer.alloc(16)]));
}

