import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The server (npm start) serves dist/; `npm run dev -w @sift/web` proxies the API to a running server.
export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 900,
    rollupOptions: {
      output: {
        // Libraries change less often than the app: their own long-cached chunks.
        manualChunks: {
          react: ['react', 'react-dom', 'react-router'],
          mantine: ['@mantine/core', '@mantine/hooks', '@mantine/notifications'],
        },
      },
    },
  },
  server: {
    port: 5173,
    proxy: {
      '/api': { target: process.env.SIFT_DEV_API ?? 'http://127.0.0.1:8080', ws: true },
      '/health': process.env.SIFT_DEV_API ?? 'http://127.0.0.1:8080',
    },
  },
});
