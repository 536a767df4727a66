// Build and dev-server config for the dashboard. The production bundle goes to web/dist, with a
// brotli and a gzip copy beside each text file, which the Tickscope server serves at `/`;
// `vite dev` proxies the API and the WebSocket to a local server.
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { precompressPlugin } from './build/precompress.ts';

const webRoot = fileURLToPath(new URL('.', import.meta.url));
const apiTarget = process.env.TICKSCOPE_API ?? 'http://127.0.0.1:8000';

export default defineConfig({
  root: webRoot,
  base: '/',
  plugins: [react(), precompressPlugin()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
  },
  server: {
    proxy: {
      '/api': { target: apiTarget, changeOrigin: true },
      '/ws': { target: apiTarget, ws: true, changeOrigin: true },
    },
  },
});
