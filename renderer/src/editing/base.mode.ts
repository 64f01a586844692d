// The lifecycle every mode shares (after Terra Draw's base mode): registered with a host once, then started and
// stopped any number of times; events outside `started` are ignored, illegal transitions throw. Handlers are
// synchronous; async work (snap answers, commits) goes through `enqueue`, which runs it in order, so a double-click
// or an Enter right after a click sees the click's vertex.
import type { EditingHost, PickScope } from './host.js';
import { EMPTY_PREVIEW, IDLE_STATUS, type EditKeyEvent, type EditPointerEvent, type FeatureRef } from './types.js';

export type ModeState = 'unregistered' | 'registered' | 'started' | 'stopped';

export class ModeLifecycleError extends Error {}

export type ToolName =
  | 'select' | 'draw-polygon' | 'draw-rectangle' | 'draw-freehand' | 'draw-hole' | 'add-part' | 'vertex-edit' | 'move'
  | 'split-by-line' | 'reshape-by-line' | 'clip' | 'fill-ring' | 'merge' | 'delete' | 'copy-paste';

export abstract class BaseMode {
  abstract readonly name: ToolName;
  /** Crosshair for drawing tools, default arrow for picking tools. */
  protected readonly cursor: string = 'crosshair';
  /**
   * Which features the map highlights under the pointer while this mode is active: those it picks with a click
   * (the edited layer's, or other layers'), or none (drawing and vertex tools: a highlight under the sketch only
   * confuses).
   */
  readonly hoverPick: PickScope | null = null;
  private _state: ModeState = 'unregistered';
  private _host: EditingHost | null = null;
  private queue: Promise<void> = Promise.resolve();

  get state(): ModeState {
    return this._state;
  }

  protected get host(): EditingHost {
    if (!this._host) throw new ModeLifecycleError(`${this.name}: not registered with a host`);
    return this._host;
  }

  register(host: EditingHost): void {
    if (this._state !== 'unregistered') throw new ModeLifecycleError(`${this.name}: register() when ${this._state}`);
    this._host = host;
    this._state = 'registered';
  }

  start(): void {
    if (this._state !== 'registered' && this._state !== 'stopped') throw new ModeLifecycleError(`${this.name}: start() when ${this._state}`);
    this._state = 'started';
    this.host.setCursor(this.cursor);
    this.onStart();
    this.redraw();
  }

  stop(): void {
    if (this._state !== 'started') throw new ModeLifecycleError(`${this.name}: stop() when ${this._state}`);
    this.cleanUp();
    this._state = 'stopped';
    this.host.setCursor(null);
    this.host.render(EMPTY_PREVIEW);
    this.host.setStatus(IDLE_STATUS);
  }

  get started(): boolean {
    return this._state === 'started';
  }

  /** Resolves when every queued step has run (the adapter and the specs wait on it). */
  idle(): Promise<void> {
    return this.queue;
  }

  protected enqueue(step: () => Promise<void> | void): void {
    this.queue = this.queue.then(async () => {
      if (!this.started) return;
      try {
        await step();
      } catch (e) {
        this.host.notify({ tone: 'error', text: e instanceof Error ? e.message : String(e) });
      }
    });
  }

  // ---- events (the adapter calls these only while started) ----
  onPointerMove(_e: EditPointerEvent): void {}
  /** The pointer left the map. */
  onPointerLeave(): void {}
  /** True: the mode takes this press as a drag of its own, and the map must not pan. */
  onPointerDown(_e: EditPointerEvent): boolean {
    return false;
  }
  onDrag(_e: EditPointerEvent): void {}
  onPointerUp(_e: EditPointerEvent): void {}
  onClick(_e: EditPointerEvent): void {}
  onDoubleClick(_e: EditPointerEvent): void {}
  /** True when the mode used the key (the adapter then prevents the browser's default). */
  onKeyDown(_e: EditKeyEvent): boolean {
    return false;
  }
  /** Something else changed features (an undo, another tool): drop or refresh what the mode holds. */
  onFeaturesChanged(_changed: FeatureRef[], _deleted: FeatureRef[]): void {}
  /** The selection changed outside the mode (the toolbar, another tool). */
  onSelectionChanged(): void {}

  /** Recompute and show the preview and status. */
  redraw(): void {}

  protected onStart(): void {}
  protected cleanUp(): void {}
}
