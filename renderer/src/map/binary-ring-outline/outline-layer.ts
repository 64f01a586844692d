// Outlines of polygon rings as one non-instanced triangle list. deck.gl's PathLayer draws one instance per segment,
// and software WebGL (SwiftShader) pays a fixed cost per instance: the 131 village outlines of the sample (13k
// segments) took 2 s per frame that way, here a few milliseconds (docs/scale.md). Lines are thin map outlines:
// constant colour and pixel width, square ends that cover the joints, no picking.
//
// Each segment is 4 vertices (corner = gl_VertexID & 3) reading two attributes from one buffer of the ring vertices
// each written 4 times: `start` at vertex k, `end` 4 vertices later, so a segment costs 32 bytes of positions and
// 24 of indices. Positions are float32 offsets from an origin inside the data (a county spans well under a degree:
// ~2 mm, far below a pixel at any zoom the map allows).
import { COORDINATE_SYSTEM, Layer, project32, type Color, type DefaultProps, type LayerProps, type UpdateParameters } from '@deck.gl/core';
import type { Buffer } from '@luma.gl/core';
import { Model } from '@luma.gl/engine';
import type { ShaderModule } from '@luma.gl/shadertools';
import type { LayerGeometry } from '../../../../shared/contract/schemas.js';
import { distinctSegmentStarts } from './shared-segments.js';

export interface OutlineData {
  /** Ring vertices as offsets from `origin`, each vertex 4 times (x, y), plus 4 copies of the last for the `end` read. */
  quads: Float32Array;
  /** 6 per segment; segments never join the last vertex of a ring to the first of the next, nor repeat one. */
  indices: Uint32Array;
  /** 2 per segment, for outlines drawn as 1-pixel GL lines. */
  lineIndices: Uint32Array;
  origin: [number, number];
  segments: number;
}

/** The segment mesh of every ring in a layer geometry (rings are closed: last vertex = first), each segment once. */
export function outlineLayerData(geometry: Pick<LayerGeometry, 'positions' | 'ringStarts'>): OutlineData {
  const { positions, ringStarts } = geometry;
  const vertexCount = ringStarts.length > 0 ? ringStarts[ringStarts.length - 1]! : 0;
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (let i = 0; i < vertexCount; i++) {
    const x = positions[2 * i]!, y = positions[2 * i + 1]!;
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  }
  const origin: [number, number] = vertexCount > 0 ? [(minX + maxX) / 2, (minY + maxY) / 2] : [0, 0];
  const quads = new Float32Array((vertexCount + 1) * 8);
  for (let i = 0; i < vertexCount; i++) {
    const x = positions[2 * i]! - origin[0], y = positions[2 * i + 1]! - origin[1];
    for (let c = 0; c < 4; c++) {
      quads[8 * i + 2 * c] = x;
      quads[8 * i + 2 * c + 1] = y;
    }
  }
  // A segment shared by two rings (neighbouring features) is drawn once.
  const starts = distinctSegmentStarts(positions, ringStarts);
  const segments = starts.length;
  const indices = new Uint32Array(segments * 6);
  const lineIndices = new Uint32Array(segments * 2);
  for (let i = 0; i < segments; i++) {
    const v = 4 * starts[i]!, o = 6 * i;
    indices[o] = v; indices[o + 1] = v + 1; indices[o + 2] = v + 2;
    indices[o + 3] = v + 1; indices[o + 4] = v + 3; indices[o + 5] = v + 2;
    lineIndices[2 * i] = v;
    lineIndices[2 * i + 1] = v + 2;
  }
  return { quads, indices, lineIndices, origin, segments };
}

const uniformBlock = `\
layout(std140) uniform ringOutlineUniforms {
  vec4 color;
  float widthPx;
} ringOutline;
`;

type RingOutlineUniforms = { color: [number, number, number, number]; widthPx: number };

const ringOutlineUniforms = {
  name: 'ringOutline',
  vs: uniformBlock,
  fs: uniformBlock,
  uniformTypes: { color: 'vec4<f32>', widthPx: 'f32' },
} as const satisfies ShaderModule<RingOutlineUniforms>;

const vs = `\
#version 300 es
#define SHADER_NAME ring-outline-vertex-shader
in vec2 startPositions;
in vec2 endPositions;
out vec4 vColor;

void main(void) {
  // Corners 0,1 at the start, 2,3 at the end; even on the right of the segment, odd on the left.
  int corner = gl_VertexID & 3;
  float atEnd = float(corner >> 1);
  float side = float(corner & 1) * 2.0 - 1.0;
  vec4 a = project_position_to_clipspace(vec3(startPositions, 0.0), vec3(0.0), vec3(0.0));
  vec4 b = project_position_to_clipspace(vec3(endPositions, 0.0), vec3(0.0), vec3(0.0));
  vec2 delta = (b.xy / b.w - a.xy / a.w) * project.viewportSize;
  float len = length(delta);
  vec2 dir = len > 0.0 ? delta / len : vec2(1.0, 0.0);
  vec2 perp = vec2(-dir.y, dir.x);
  // Drawn as GL lines (widthPx 0): the vertices sit on the ring itself.
  float halfWidth = ringOutline.widthPx / 2.0;
  vec2 offset = (perp * side + dir * (atEnd * 2.0 - 1.0)) * halfWidth;
  vec4 p = mix(a, b, atEnd);
  geometry.position = p;
  gl_Position = p + vec4(project_pixel_size_to_clipspace(offset), 0.0, 0.0);
  vColor = vec4(ringOutline.color.rgb, ringOutline.color.a * layer.opacity);
}
`;

const fs = `\
#version 300 es
#define SHADER_NAME ring-outline-fragment-shader
precision highp float;
in vec4 vColor;
out vec4 fragColor;

void main(void) {
  fragColor = vColor;
  DECKGL_FILTER_COLOR(fragColor, geometry);
}
`;

export interface RingOutlineLayerProps extends LayerProps {
  data: OutlineData;
  color: Color;
  widthPx: number;
}

const defaultProps: DefaultProps<RingOutlineLayerProps> = {
  data: { type: 'object', value: null as unknown as OutlineData, compare: true },
  color: { type: 'color', value: [0, 0, 0, 255] },
  widthPx: 1,
};

/**
 * Outlines up to this width are drawn as GL lines (one pixel, one primitive per segment): in software WebGL a frame's
 * cost follows the number of primitives, and two thin triangles per segment cost twice a line.
 */
const LINE_MAX_WIDTH_PX = 1.25;

interface RingOutlineState {
  asLines?: boolean;
  model?: Model;
  buffers?: Buffer[];
  [key: string]: unknown;
}

export class RingOutlineLayer extends Layer<RingOutlineLayerProps> {
  static layerName = 'RingOutlineLayer';
  static defaultProps = defaultProps;
  declare state: RingOutlineState;

  getShaders() {
    return super.getShaders({ vs, fs, modules: [project32, ringOutlineUniforms] });
  }

  initializeState(): void {
    this.state = {};
  }

  updateState(params: UpdateParameters<this>): void {
    super.updateState(params);
    const asLines = params.props.widthPx <= LINE_MAX_WIDTH_PX;
    if (params.props.data !== params.oldProps.data || !this.state.model || asLines !== this.state.asLines) this.buildModel();
  }

  private buildModel(): void {
    this.releaseModel();
    const { data } = this.props;
    if (!data || data.segments === 0) return;
    const device = this.context.device;
    const quads = device.createBuffer({ data: data.quads });
    const asLines = this.props.widthPx <= LINE_MAX_WIDTH_PX;
    const indexData = asLines ? data.lineIndices : data.indices;
    const indices = device.createBuffer({ usage: 0x0010 /* Buffer.INDEX */, indexType: 'uint32', data: indexData });
    const model = new Model(device, {
      ...this.getShaders(),
      id: `${this.props.id}-model`,
      topology: asLines ? 'line-list' : 'triangle-list',
      // Two views of one buffer: the end of a segment is the vertex 4 copies (32 bytes) after its start.
      bufferLayout: [{
        name: 'quads', byteStride: 8, attributes: [
          { attribute: 'startPositions', format: 'float32x2', byteOffset: 0 },
          { attribute: 'endPositions', format: 'float32x2', byteOffset: 32 },
        ],
      }],
      attributes: { quads },
      indexBuffer: indices,
      vertexCount: indexData.length,
      parameters: { depthWriteEnabled: false, depthCompare: 'always' },
    });
    this.setState({ model, buffers: [quads, indices], asLines });
  }

  private releaseModel(): void {
    this.state.model?.destroy();
    for (const b of this.state.buffers ?? []) b.destroy();
    this.state.model = undefined;
    this.state.buffers = undefined;
  }

  finalizeState(context: Parameters<Layer['finalizeState']>[0]): void {
    this.releaseModel();
    super.finalizeState(context);
  }

  draw(): void {
    const { model } = this.state;
    if (!model) return;
    const c = this.props.color;
    const { widthPx } = this.props;
    // A GL line is one pixel wide: thinner outlines (三调's 0.5 px) are drawn fainter instead.
    const alpha = ((c[3] ?? 255) / 255) * (this.state.asLines ? Math.min(1, widthPx) : 1);
    model.shaderInputs.setProps({ ringOutline: { color: [c[0]! / 255, c[1]! / 255, c[2]! / 255, alpha], widthPx: this.state.asLines ? 0 : widthPx } });
    model.draw(this.context.renderPass);
  }
}

export interface OutlineLayerOptions {
  id: string;
  data: OutlineData;
  color: Color;
  widthPx: number;
  opacity: number;
}

/** Where a mesh's float32 offsets are measured from: every RingOutlineLayer needs these props with its data. */
export function outlinePlacement(data: OutlineData) {
  return { coordinateSystem: COORDINATE_SYSTEM.LNGLAT_OFFSETS, coordinateOrigin: [data.origin[0], data.origin[1], 0] as [number, number, number] };
}

export function buildOutlineLayer({ id, data, color, widthPx, opacity }: OutlineLayerOptions) {
  return new RingOutlineLayer({ id, data, color, widthPx, opacity, pickable: false, ...outlinePlacement(data) });
}
