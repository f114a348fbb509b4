import { defineConfig } from '@playwright/test';
import path from 'node:path';

const port = Number(process.env.E2E_PORT ?? 3107);
// Each run gets a fresh database, so journeys start from a first start (sample dataset loaded).
const dataDir = path.resolve(process.env.E2E_DATA_DIR ?? 'test-results/e2e-data');

export default defineConfig({
  testDir: 'e2e',
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: process.env.CI ? [['list']] : [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    acceptDownloads: true,
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
  webServer: {
    // The production build (npm test builds first); prepare-db migrates and loads the sample.
    command: `rm -rf "${dataDir}" && node --import tsx scripts/prepare-db.ts && node node_modules/next/dist/bin/next start -H 127.0.0.1 -p ${port}`,
    url: `http://127.0.0.1:${port}/datasets`,
    timeout: 120_000,
    reuseExistingServer: false,
    env: { SIFT_DB: path.join(dataDir, 'sift.db'), NEXT_TELEMETRY_DISABLED: '1', SIFT_ROOT: process.cwd() },
    stdout: 'pipe',
    stderr: 'pipe',
  },
});
