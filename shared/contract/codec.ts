// Binary framing for the browser-mode transport: JSON with typed arrays lifted out into one buffer, so a layer's
// geometry crosses HTTP as bytes, not as a JSON list of millions of numbers.
// Layout: [u32 headerLength][header JSON, UTF-8][pad to 8][buffer 0][pad to 8][buffer 1]…
type TypedArray = Float64Array | Float32Array | Uint32Array | Int32Array | Uint16Array | Uint8Array;
const CTORS = { Float64Array, Float32Array, Uint32Array, Int32Array, Uint16Array, Uint8Array } as const;
type CtorName = keyof typeof CTORS;

interface Slot { $typed: CtorName; offset: number; length: number }

const pad8 = (n: number) => (n + 7) & ~7;

function ctorName(v: unknown): CtorName | undefined {
  for (const name of Object.keys(CTORS) as CtorName[]) if (v instanceof CTORS[name]) return name;
  return undefined;
}

export function encodeMessage(value: unknown): Uint8Array {
  const arrays: TypedArray[] = [];
  let offset = 0;
  const header = JSON.stringify(value, (_key, v: unknown) => {
    const name = ctorName(v);
    if (!name) return v;
    const arr = v as TypedArray;
    const slot: Slot = { $typed: name, offset, length: arr.length };
    offset = pad8(offset + arr.byteLength);
    arrays.push(arr);
    return slot;
  });
  const headerBytes = utf8Encode(header);
  const dataStart = pad8(4 + headerBytes.length);
  const out = new Uint8Array(dataStart + offset);
  new DataView(out.buffer).setUint32(0, headerBytes.length, true);
  out.set(headerBytes, 4);
  let at = dataStart;
  for (const arr of arrays) {
    out.set(new Uint8Array(arr.buffer, arr.byteOffset, arr.byteLength), at);
    at = pad8(at + arr.byteLength);
  }
  return out;
}

export function decodeMessage(bytes: Uint8Array): unknown {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getUint32(0, true);
  const header = utf8Decode(bytes.subarray(4, 4 + headerLength));
  const dataStart = pad8(4 + headerLength);
  // Copy the payload once into an aligned buffer so typed arrays can view it without further copies.
  const data = bytes.slice(dataStart).buffer;
  return JSON.parse(header, (_key, v: unknown) => {
    if (v && typeof v === 'object' && '$typed' in v) {
      const s = v as Slot;
      return new CTORS[s.$typed](data, s.offset, s.length);
    }
    return v;
  });
}

// TextEncoder/TextDecoder exist in Node and browsers but not in the ES library shared/ compiles against.
declare const TextEncoder: { new (): { encode(s: string): Uint8Array } };
declare const TextDecoder: { new (label?: string): { decode(b: Uint8Array): string } };
const utf8Encode = (s: string) => new TextEncoder().encode(s);
const utf8Decode = (b: Uint8Array) => new TextDecoder('utf-8').decode(b);
