// The Chromium flags of every headless run here (e2e tests, benchmarks): Debian's Chromium, no GPU.
//
// Software WebGL through SwiftShader, as Chromium does on a machine without a usable GPU. Compositing stays in
// software too, as Chromium's own fallback does there: with `--use-angle=swiftshader` alone Chromium would
// composite every page frame through SwiftShader's emulated GL, which costs its GPU process 40–300 ms a frame and
// ~0.6 s of a workspace's first frame (docs/scale.md). `SANXIAN_GPU_COMPOSITING=1` measures that way instead.
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
  ...(process.env.SANXIAN_GPU_COMPOSITING === '1' ? [] : ['--disable-gpu-compositing']),
];
