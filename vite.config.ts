// Build of the PWA: Lit app in app/, static files in public/, output in dist/.
import { defineConfig } from 'vite';

export default defineConfig({
  root: 'app',
  publicDir: '../public',
  build: {
    outDir: '../dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
  },
  server: {
    port: 5173,
    proxy: { '/ws': { target: 'ws://127.0.0.1:8790', ws: true } },
  },
});
