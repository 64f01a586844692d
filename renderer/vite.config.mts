// The renderer is built once and served two ways: from file:// inside Electron and over http by `sanxian serve`,
// so every asset URL must be relative (base './').
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: './',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../dist/renderer', import.meta.url)),
    emptyOutDir: true,
    // Desktop app loaded from disk: one bundle is fine, and deck.gl alone is bigger than the default warning limit.
    chunkSizeWarningLimit: 4000,
    sourcemap: true,
  },
  server: { fs: { allow: [fileURLToPath(new URL('..', import.meta.url))] } },
  test: {
    include: ['src/**/*.spec.ts'],
    environment: 'node',
  },
});
