// Which ring segments an outline mesh draws: each once. In a coverage (三调 parcels, 村 and 镇街 boundaries) nearly
// every edge is shared by two features and so appears in two rings; software WebGL pays per segment drawn, and a
// translucent outline drawn twice there would look darker than elsewhere. Segments are the same when their end
// points are exactly equal (either direction): neighbours that share vertices, as clean data does. Zero-length
// segments are dropped too. An open-addressing hash on the coordinates' bits keeps this linear and allocation-free.

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);

function hashPoint(x: number, y: number): number {
  f64[0] = x;
  let h = Math.imul(u32[0]! ^ 0x9e3779b9, 0x85ebca6b) ^ u32[1]!;
  f64[0] = y;
  h = Math.imul(h ^ u32[0]!, 0xc2b2ae35) ^ u32[1]!;
  h = Math.imul(h ^ (h >>> 15), 0x27d4eb2f);
  return (h ^ (h >>> 13)) >>> 0;
}

/**
 * The start vertex of every segment to draw (segment k joins vertex k to k + 1 inside a ring), in ring order,
 * without a segment whose end points (in either direction) an earlier one already has.
 */
export function distinctSegmentStarts(positions: ArrayLike<number>, ringStarts: ArrayLike<number>): Uint32Array {
  let total = 0;
  for (let r = 0; r + 1 < ringStarts.length; r++) total += Math.max(0, ringStarts[r + 1]! - ringStarts[r]! - 1);
  const out = new Uint32Array(total);
  let size = 16;
  while (size < total * 2) size *= 2;
  const table = new Int32Array(size).fill(-1);
  const mask = size - 1;
  let n = 0;
  for (let r = 0; r + 1 < ringStarts.length; r++) {
    for (let k = ringStarts[r]!; k + 1 < ringStarts[r + 1]!; k++) {
      const ax = positions[2 * k]!, ay = positions[2 * k + 1]!, bx = positions[2 * k + 2]!, by = positions[2 * k + 3]!;
      if (ax === bx && ay === by) continue;
      // Symmetric in the two ends, so both directions land in the same slot chain.
      let slot = ((hashPoint(ax, ay) + hashPoint(bx, by)) >>> 0) & mask;
      let duplicate = false;
      for (;;) {
        const j = table[slot]!;
        if (j < 0) break;
        const cx = positions[2 * j]!, cy = positions[2 * j + 1]!, dx = positions[2 * j + 2]!, dy = positions[2 * j + 3]!;
        if ((cx === ax && cy === ay && dx === bx && dy === by) || (cx === bx && cy === by && dx === ax && dy === ay)) {
          duplicate = true;
          break;
        }
        slot = (slot + 1) & mask;
      }
      if (duplicate) continue;
      table[slot] = k;
      out[n++] = k;
    }
  }
  return out.subarray(0, n);
}
