// The rings the edit overlay outlines (the selection, a tool's targets) need the features' geometry. A layer drawn
// whole has it; a big layer drawn from tiles does not (docs/scale.md), so the features highlighted in it are asked of
// main (layers.featuresGeometry, the binary layout of whole layers) at the layer's revision, and asked again after
// an edit moves the revision.
import type { LayerGeometry, LayerInfo } from '../../../../shared/contract/schemas.js';
import type { FeatureRef } from '../types.js';

export type FetchFeatures = (layerId: number, fids: number[]) => Promise<LayerGeometry>;

interface Held { key: string; geometry: LayerGeometry | null }

interface Answer { refs: readonly FeatureRef[]; layers: readonly LayerInfo[]; whole: ReadonlyMap<number, LayerGeometry>; out: ReadonlyMap<number, LayerGeometry> }

const sameRefs = (a: readonly FeatureRef[], b: readonly FeatureRef[]) =>
  a === b || (a.length === b.length && a.every((r, i) => r.layerId === b[i]!.layerId && r.fid === b[i]!.fid));

export class HighlightGeometries {
  private readonly held = new Map<number, Held>();
  private disposed = false;
  /** The last answer: a tool's preview changes with each pointer move, its highlight seldom (no sorting again). */
  private last: Answer | null = null;

  /** `onArrive` runs when geometry asked for arrives (the overlay is built again). */
  constructor(private readonly fetch: FetchFeatures, private readonly onArrive: () => void) {}

  /**
   * The geometry to cut the highlighted features' rings from: the whole layers where the map holds them, else the
   * features fetched for this highlight (what is not there yet is asked for and outlined once it arrives; meanwhile
   * the previous answer for the layer is used, so an outline does not blink while following an edit).
   */
  geometriesFor(refs: readonly FeatureRef[], layers: readonly LayerInfo[], whole: ReadonlyMap<number, LayerGeometry>): ReadonlyMap<number, LayerGeometry> {
    const last = this.last;
    if (last && last.layers === layers && last.whole === whole && sameRefs(last.refs, refs)) return last.out;
    const out = this.answer(refs, layers, whole);
    this.last = { refs, layers, whole, out };
    return out;
  }

  dispose(): void {
    this.disposed = true;
    this.held.clear();
    this.last = null;
  }

  private answer(refs: readonly FeatureRef[], layers: readonly LayerInfo[], whole: ReadonlyMap<number, LayerGeometry>): ReadonlyMap<number, LayerGeometry> {
    const wanted = new Map<number, number[]>();
    for (const r of refs) {
      if (whole.has(r.layerId)) continue;
      const fids = wanted.get(r.layerId) ?? [];
      fids.push(r.fid);
      wanted.set(r.layerId, fids);
    }
    if (!wanted.size) return whole;
    const out = new Map(whole);
    for (const [layerId, fids] of wanted) {
      const layer = layers.find((l) => l.id === layerId);
      if (!layer) continue;
      // layers.featuresGeometry takes up to 100,000 fids; a bigger selection is outlined in part.
      const sorted = [...new Set(fids)].sort((a, b) => a - b).slice(0, 100_000);
      const key = `${layer.revision}|${sorted.join(',')}`;
      const held = this.held.get(layerId);
      if (held?.key !== key) this.ask(layerId, key, sorted, held?.geometry ?? null);
      const geometry = this.held.get(layerId)?.geometry;
      if (geometry) out.set(layerId, geometry);
    }
    return out;
  }

  private ask(layerId: number, key: string, fids: number[], previous: LayerGeometry | null): void {
    this.held.set(layerId, { key, geometry: previous });
    this.fetch(layerId, fids).then(
      (geometry) => {
        // Only the latest question for the layer counts.
        if (this.disposed || this.held.get(layerId)?.key !== key) return;
        this.held.set(layerId, { key, geometry });
        this.last = null;
        this.onArrive();
      },
      (e: unknown) => console.warn(`highlight of layer ${layerId}`, e),
    );
  }
}
