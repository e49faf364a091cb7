// Builds the browser client: the map page, the SVG baseline benchmark page and, when present, the
// views pages (helper E's views.html). Paths are resolved from this file so any working directory works.
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = dirname(fileURLToPath(import.meta.url));

function pages(): Record<string, string> {
  const input: Record<string, string> = {
    index: resolve(root, 'index.html'),
    'svg-baseline': resolve(root, 'svg-baseline.html'),
  };
  if (existsSync(resolve(root, 'views.html'))) input.views = resolve(root, 'views.html');
  if (existsSync(resolve(root, 'signin.html'))) input.signin = resolve(root, 'signin.html');
  if (existsSync(resolve(root, 'synth.html'))) input.synth = resolve(root, 'synth.html');
  if (existsSync(resolve(root, 'forecast.html'))) input.forecast = resolve(root, 'forecast.html');
  return input;
}

export default defineConfig({
  root,
  base: '/',
  logLevel: 'warn',
  server: { fs: { allow: [resolve(root, '..')] } },
  build: {
    outDir: resolve(root, 'dist'),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    chunkSizeWarningLimit: 2000,
    rolldownOptions: { input: pages() },
  },
});
