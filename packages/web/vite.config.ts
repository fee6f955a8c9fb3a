import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The built app is served by the server at /; in development Vite serves it and forwards the API.
export default defineConfig({
  plugins: [react()],
  server: {
    proxy: {
      '/api': 'http://127.0.0.1:8080',
      '/health': 'http://127.0.0.1:8080',
    },
  },
  build: { outDir: 'dist', emptyOutDir: true },
});
