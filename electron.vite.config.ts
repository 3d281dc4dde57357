import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import react from '@vitejs/plugin-react'

// One build for both shells: out/main (Electron entry), out/preload (CommonJS: a sandboxed preload cannot be an
// ES module), out/renderer (the UI, served by Electron from file:// or by the headless station over HTTP).
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: { input: { index: resolve('main/index.ts'), 'probe-child': resolve('main/radio/host/probe-child.ts'), 'live-pcap-child': resolve('main/radio/capture/live-pcap-child.ts'), 'ble-host-child': resolve('main/radio/host/ble-host-child.ts') } },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      rollupOptions: {
        input: { index: resolve('preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'renderer',
    base: './',
    plugins: [react()],
    build: {
      minify: true,
      outDir: resolve('out/renderer'),
      rollupOptions: { input: resolve('renderer/index.html') },
    },
  },
})
