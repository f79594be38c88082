import { defineConfig } from '@playwright/test';

/**
 * End-to-end journeys in Debian's Chromium (`npx playwright install` cannot
 * download browsers here). Journeys live in packages/app/e2e-tests/. The
 * portal is started with the README's start command unless one is already
 * running (outside CI).
 */
const baseURL = process.env.PLAYWRIGHT_URL ?? 'http://localhost:3000';

export default defineConfig({
  timeout: 120_000,
  expect: { timeout: 30_000 },
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: process.env.CI ? 1 : 0,
  reporter: [
    ['list'],
    ['html', { open: 'never', outputFolder: 'e2e-test-report' }],
  ],
  outputDir: 'node_modules/.cache/e2e-test-results',
  webServer: process.env.PLAYWRIGHT_URL
    ? []
    : [
        {
          command: 'scripts/start.sh',
          url: 'http://localhost:3000',
          reuseExistingServer: !process.env.CI,
          timeout: 600_000,
          stdout: 'pipe',
          stderr: 'pipe',
        },
        {
          // Waits for the backend, which can be ready after the frontend on a
          // loaded machine: a command that exits at once ('true') made
          // Playwright report "Process from config.webServer exited early"
          // while the backend was still starting. Stopped with the portal.
          command: 'sleep 86400',
          url: 'http://localhost:7007/.backstage/health/v1/readiness',
          reuseExistingServer: true,
          timeout: 600_000,
        },
      ],
  use: {
    baseURL,
    actionTimeout: 30_000,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.PORTAL_CHROMIUM ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-dev-shm-usage',
      ],
    },
  },
  projects: [{ name: 'portal', testDir: 'packages/app/e2e-tests' }],
});
