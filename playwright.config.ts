import { defineConfig } from '@playwright/test'

// Browsers cannot be downloaded here: every browser test drives the Debian chromium. The headless station is
// started once by the global setup (fresh data folder, free port) and its URL handed to the tests in
// PROVBENCH_E2E_URL.
export default defineConfig({
  testDir: 'tests/e2e',
  testMatch: /.*\.spec\.ts$/,
  globalSetup: './tests/e2e/global-setup.ts',
  // One station, one lab: tests change lab knobs and count sessions, so they run one at a time.
  workers: 1,
  fullyParallel: false,
  timeout: 120_000,
  expect: { timeout: 20_000 },
  retries: 0,
  reporter: [['list']],
  outputDir: 'test-results',
  use: {
    browserName: 'chromium',
    locale: 'en-US',
    viewport: { width: 1440, height: 1000 },
    // Automatic screenshots and traces could capture a typed password; tests take their own, masked.
    screenshot: 'off',
    trace: 'off',
    video: 'off',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
})
