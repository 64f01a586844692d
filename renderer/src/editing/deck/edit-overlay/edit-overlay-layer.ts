// The edit overlay: what a tool shows while it works, drawn above every workspace layer. A composite layer with the
// anatomy of deck.gl's own (props declared once with defaults, stable sub-layer ids through getSubLayerProps):
//   highlight   outlines of the features the tool acts on (selection, merge set, copy sources)
//   sketch-fill the polygon being drawn or previewed, translucent
//   sketch-line its edges, and lines being drawn (split, reshape)
//   guides      the rubber band to the pointer and the closing edge, thinner
//   handles     vertices (first vertex, selected ones, midpoints) as dots
//   snap-marker where the pointer snapped: a ring coloured by kind (vertex, intersection, edge, own sketch)
//   issues      validation markers (a self-intersection, GEOS's location)
// React owns the props; nothing here is pickable (modes hit-test in pixels).
import { CompositeLayer, type Color, type DefaultProps, type UpdateParameters } from '@deck.gl/core';
import { PathLayer, ScatterplotLayer, SolidPolygonLayer } from '@deck.gl/layers';
import type { EditPreview, LonLat, SnapHit, VertexRole } from '../../types.js';
import { snapMarkerData, type SnapMarker } from './snap-marker.js';

export interface EditOverlayLayerProps {
  /** What the active mode shows. */
  preview: EditPreview;
  /** Rings (flat lon/lat) of the highlighted features, cut from the layers' binary geometry by the host. */
  highlightRings: Float64Array[];
  /** @default [0, 200, 255, 255] */
  highlightColor?: Color;
  /** @default [255, 120, 0, 255] */
  sketchColor?: Color;
  /** @default [255, 120, 0, 60] */
  sketchFillColor?: Color;
  /** @default [255, 120, 0, 200] */
  guideColor?: Color;
  /** @default [255, 255, 255, 255] */
  handleColor?: Color;
  /** @default [230, 0, 120, 255] */
  selectedHandleColor?: Color;
  /** @default [220, 30, 30, 255] */
  issueColor?: Color;
  /** @default 2 */
  lineWidthPixels?: number;
  /** @default 4 */
  handleRadiusPixels?: number;
  /** @default 7 */
  snapRadiusPixels?: number;
}

interface Handle {
  position: LonLat;
  role: VertexRole;
}

const HANDLE_RADIUS_SCALE: Record<VertexRole, number> = { vertex: 1, first: 1.4, selected: 1.3, midpoint: 0.7, guide: 0.6 };

const defaultProps: DefaultProps<EditOverlayLayerProps> = {
  preview: { type: 'object', value: null as unknown as EditPreview, compare: false },
  highlightRings: { type: 'array', value: [], compare: false },
  highlightColor: { type: 'color', value: [0, 200, 255, 255] },
  sketchColor: { type: 'color', value: [255, 120, 0, 255] },
  sketchFillColor: { type: 'color', value: [255, 120, 0, 60] },
  guideColor: { type: 'color', value: [255, 120, 0, 200] },
  handleColor: { type: 'color', value: [255, 255, 255, 255] },
  selectedHandleColor: { type: 'color', value: [230, 0, 120, 255] },
  issueColor: { type: 'color', value: [220, 30, 30, 255] },
  lineWidthPixels: { type: 'number', value: 2, min: 0 },
  handleRadiusPixels: { type: 'number', value: 4, min: 0 },
  snapRadiusPixels: { type: 'number', value: 7, min: 0 },
};

interface State {
  snap: SnapMarker[];
  [key: string]: unknown;
}

export class EditOverlayLayer extends CompositeLayer<EditOverlayLayerProps> {
  static override layerName = 'EditOverlayLayer';
  static override defaultProps = defaultProps;
  declare state: State;

  override initializeState(): void {
    this.setState({ snap: [] });
  }

  override updateState({ props, oldProps }: UpdateParameters<this>): void {
    const snap: EditPreview['snap'] = props.preview?.snap ?? null;
    if (snap !== (oldProps.preview?.snap ?? null)) this.setState({ snap: snapMarkerData(snap) });
  }

  override renderLayers() {
    const p = this.props;
    const preview = p.preview;
    if (!preview) return [];
    const width = p.lineWidthPixels!;
    const handles: Handle[] = preview.vertices;
    // Only the parts with something to draw: an empty sublayer still compiles its shaders, which in software WebGL
    // costs the first frame of every map about as much as drawing it (docs/scale.md).
    const layers = [
      new PathLayer<Float64Array>(this.getSubLayerProps({
        id: 'highlight',
        data: p.highlightRings,
        getPath: (d: Float64Array) => d,
        positionFormat: 'XY',
        getColor: p.highlightColor,
        getWidth: width + 1,
        widthUnits: 'pixels',
        jointRounded: true,
        pickable: false,
        updateTriggers: { getColor: p.highlightColor },
      })),
      new SolidPolygonLayer<LonLat[][]>(this.getSubLayerProps({
        id: 'sketch-fill',
        data: preview.polygons,
        getPolygon: (d: LonLat[][]) => d,
        getFillColor: p.sketchFillColor,
        filled: true,
        extruded: false,
        pickable: false,
        updateTriggers: { getFillColor: p.sketchFillColor },
      })),
      new PathLayer<LonLat[]>(this.getSubLayerProps({
        id: 'sketch-line',
        data: [...preview.polygons.flatMap((rings) => rings.map((r) => closeRing(r))), ...preview.lines],
        getPath: (d: LonLat[]) => d,
        getColor: p.sketchColor,
        getWidth: width,
        widthUnits: 'pixels',
        jointRounded: true,
        capRounded: true,
        pickable: false,
        updateTriggers: { getColor: p.sketchColor, getWidth: width },
      })),
      new PathLayer<LonLat[]>(this.getSubLayerProps({
        id: 'guides',
        data: preview.guides,
        getPath: (d: LonLat[]) => d,
        getColor: p.guideColor,
        getWidth: Math.max(1, width / 2),
        widthUnits: 'pixels',
        pickable: false,
        updateTriggers: { getColor: p.guideColor, getWidth: width },
      })),
      new ScatterplotLayer<Handle>(this.getSubLayerProps({
        id: 'handles',
        data: handles,
        getPosition: (d: Handle) => d.position,
        getRadius: (d: Handle) => p.handleRadiusPixels! * HANDLE_RADIUS_SCALE[d.role],
        radiusUnits: 'pixels',
        getFillColor: (d: Handle) => (d.role === 'selected' ? p.selectedHandleColor! : d.role === 'midpoint' ? withAlpha(p.handleColor!, 170) : p.handleColor!),
        getLineColor: (d: Handle) => (d.role === 'first' ? p.selectedHandleColor! : p.sketchColor!),
        stroked: true,
        lineWidthUnits: 'pixels',
        getLineWidth: 1.5,
        pickable: false,
        updateTriggers: {
          getRadius: p.handleRadiusPixels,
          getFillColor: [p.selectedHandleColor, p.handleColor],
          getLineColor: [p.selectedHandleColor, p.sketchColor],
        },
      })),
      new ScatterplotLayer<SnapMarker>(this.getSubLayerProps({
        id: 'snap-marker',
        data: this.state.snap,
        getPosition: (d: SnapMarker) => d.position,
        getRadius: (d: SnapMarker) => p.snapRadiusPixels! * d.scale,
        radiusUnits: 'pixels',
        getFillColor: (d: SnapMarker) => d.fill,
        getLineColor: (d: SnapMarker) => d.line,
        stroked: true,
        filled: true,
        lineWidthUnits: 'pixels',
        getLineWidth: 2.5,
        pickable: false,
        updateTriggers: { getRadius: p.snapRadiusPixels },
      })),
      new ScatterplotLayer<EditPreview['issues'][number]>(this.getSubLayerProps({
        id: 'issues',
        data: preview.issues,
        getPosition: (d: EditPreview['issues'][number]) => d.position,
        getRadius: 6,
        radiusUnits: 'pixels',
        getFillColor: p.issueColor,
        getLineColor: [255, 255, 255, 255],
        stroked: true,
        lineWidthUnits: 'pixels',
        getLineWidth: 2,
        pickable: false,
        updateTriggers: { getFillColor: p.issueColor },
      })),
    ];
    return layers.filter((l) => (l.props.data as readonly unknown[]).length > 0);
  }
}

function closeRing(ring: LonLat[]): LonLat[] {
  const a = ring[0];
  const b = ring[ring.length - 1];
  return a && b && (a[0] !== b[0] || a[1] !== b[1]) ? [...ring, a] : ring;
}

function withAlpha(c: Color, a: number): Color {
  return [c[0]!, c[1]!, c[2]!, a];
}

export type { SnapHit };
