// Feature details are fetched on hover and on click; both share this cache so a click after hovering is instant.
import type { FeatureDetail } from '../../../shared/contract/schemas.js';
import type { WorkbenchClient } from '../api/client.js';

export interface FeatureRef {
  layerId: number;
  fid: number;
}

export class FeatureCache {
  private readonly entries = new Map<string, Promise<FeatureDetail>>();
  private static readonly MAX_ENTRIES = 500;

  constructor(private readonly client: WorkbenchClient) {}

  get({ layerId, fid }: FeatureRef): Promise<FeatureDetail> {
    const key = `${layerId}:${fid}`;
    let entry = this.entries.get(key);
    if (!entry) {
      entry = this.client.api['features.get']({ layerId, fid });
      // Failed lookups are not cached: the next hover may succeed.
      entry.catch(() => this.entries.delete(key));
      this.entries.set(key, entry);
      if (this.entries.size > FeatureCache.MAX_ENTRIES) {
        const oldest = this.entries.keys().next().value;
        if (oldest !== undefined) this.entries.delete(oldest);
      }
    }
    return entry;
  }
}
