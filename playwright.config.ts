import { defineConfig } from '@playwright/test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// Browser tests use the system Chromium (Debian's package); nothing is downloaded.
const chromium = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const port = Number(process.env.E2E_PORT || 4173);
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhurnal-e2e-'));

export default defineConfig({
	testDir: 'tests/e2e',
	// Playwright empties its output folder when it starts; `npm test` keeps its logs and counts in
	// test-results/counts while other parts still run beside the browser tests, so not the whole folder.
	outputDir: 'test-results/playwright',
	timeout: 60_000,
	workers: 1,
	reporter: [['list']],
	use: {
		baseURL: `http://127.0.0.1:${port}`,
		locale: 'ru-RU',
		launchOptions: {
			executablePath: chromium,
			args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']
		}
	},
	webServer: {
		command: 'node server/start.js',
		url: `http://127.0.0.1:${port}/login`,
		timeout: 180_000,
		reuseExistingServer: false,
		stdout: 'pipe',
		env: {
			PORT: String(port),
			HOST: '127.0.0.1',
			DATA_DIR: dataDir,
			DATABASE_URL: '',
			TODAY: '2026-11-27',
			DEMO_CLASSES_PER_GRADE: '1',
			DEMO_STUDENTS_PER_CLASS: '10',
			BACKUP_HOUR: 'off'
		}
	}
});
