import { describe, expect, it } from 'vitest';
import { decodeMessage, encodeMessage } from '../../shared/contract/codec.js';
import { ContractError, parseInput, parseOutput } from '../../shared/contract/contract.js';
import { RASTER_BATCH_MAX } from '../../shared/contract/tiles.js';

describe('contract validation at the boundary', () => {
  it('rejects malformed requests with a message naming the field', () => {
    expect(() => parseInput('workspace.open', { path: '' })).toThrow(/path: path is empty/);
    expect(() => parseInput('layers.update', { layerId: 1, opacity: 3 })).toThrow(/opacity/);
    expect(() => parseInput('app.info', { extra: 1 })).toThrow(ContractError);
    expect(parseInput('layers.update', { layerId: 2, visible: false })).toEqual({ layerId: 2, visible: false });
  });

  it('takes raster tiles in batches of 1 to RASTER_BATCH_MAX, each tile checked', () => {
    const tile = (x: number) => ({ z: 12, x, y: 3 });
    expect(parseInput('tiles.rasters', { layerId: 1, tiles: [tile(0), { ...tile(1), known: 4 }] }).tiles).toHaveLength(2);
    expect(() => parseInput('tiles.rasters', { layerId: 1, tiles: [] })).toThrow(/tiles/);
    expect(() => parseInput('tiles.rasters', { layerId: 1, tiles: Array.from({ length: RASTER_BATCH_MAX + 1 }, (_, i) => tile(i)) })).toThrow(/tiles/);
    expect(() => parseInput('tiles.rasters', { layerId: 1, tiles: [tile(0), { z: 12, x: -1, y: 3 }] })).toThrow(/tiles\.1\.x/);
  });

  it('rejects responses that break the schema, so a core bug cannot reach the UI as garbage', () => {
    expect(() => parseOutput('features.get', { layerId: 1, fid: 1 })).toThrow(/invalid response/);
    expect(() => parseOutput('layers.geometry', { layerId: 1, featureCount: 0, fids: [1] })).toThrow(/fids/);
  });
});

describe('binary framing of messages', () => {
  it('round-trips typed arrays byte-exactly alongside JSON', () => {
    const positions = Float64Array.from([119.123456789012, 31.98765432101, 120, 31.5]);
    const msg = { ok: true, result: { name: '金坛区', positions, idx: Uint32Array.from([0, 1, 2]), keys: Uint16Array.from([7]), nested: [{ a: Uint8Array.from([1, 2, 3]) }] } };
    const bytes = encodeMessage(msg);
    const back = decodeMessage(bytes) as typeof msg;
    expect(back.result.name).toBe('金坛区');
    expect(back.result.positions).toBeInstanceOf(Float64Array);
    expect(Array.from(back.result.positions)).toEqual(Array.from(positions));
    expect(Array.from(back.result.idx)).toEqual([0, 1, 2]);
    expect(Array.from(back.result.keys)).toEqual([7]);
    expect(Array.from(back.result.nested[0]!.a)).toEqual([1, 2, 3]);
  });

  it('handles views into larger buffers and unaligned input', () => {
    const big = new Float64Array(10).map((_, i) => i * 1.5);
    const view = big.subarray(3, 6);
    const bytes = encodeMessage({ v: view });
    const shifted = new Uint8Array(bytes.length + 1);
    shifted.set(bytes, 1);
    const back = decodeMessage(shifted.subarray(1)) as { v: Float64Array };
    expect(Array.from(back.v)).toEqual([4.5, 6, 7.5]);
  });
});
