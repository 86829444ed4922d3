import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

// Nest's vitest recipe: SWC compiles the specs, since esbuild emits no decorator metadata (constructor injection needs it).
export default defineConfig({
  test: { globals: true, include: ['spec/**/*.spec.ts'], setupFiles: ['reflect-metadata'], testTimeout: 120_000 },
  plugins: [swc.vite({ module: { type: 'es6' } })],
});
