/**
 * The `test` every browser test uses: Playwright's, plus a guard (X-AUDIT) that fails the test when
 * any page it opened — in its own context or in one it made with `browser.newContext()` — reports
 * a Content-Security-Policy violation: a blocked script, style, image, font or connection.
 */
import { expect, test as base, type BrowserContext } from '@playwright/test';

export { expect };
export type { Browser, BrowserContext, Locator, Page } from '@playwright/test';

/** Turns a `securitypolicyviolation` event into a console error, in case the browser's own report is not logged. */
function reportViolations(): void {
	document.addEventListener('securitypolicyviolation', (event) => {
		console.error(`Content Security Policy violation: ${event.violatedDirective} blocked ${event.blockedURI || 'inline code'}`);
	});
}

export const test = base.extend<{ cspGuard: void }>({
	cspGuard: [
		async ({ browser, context }, use) => {
			const violations: string[] = [];
			const watch = async (watched: BrowserContext) => {
				watched.on('console', (message) => {
					if (/Content Security Policy/i.test(message.text())) violations.push(`${message.location().url || message.page()?.url()}: ${message.text()}`);
				});
				await watched.addInitScript(reportViolations);
			};
			await watch(context);
			// Tests with several people make their own contexts: watch those too, for this test only.
			const newContext = browser.newContext;
			browser.newContext = async (...args) => {
				const made = await newContext.apply(browser, args);
				await watch(made);
				return made;
			};
			try {
				await use();
			} finally {
				browser.newContext = newContext;
			}
			expect(violations, 'Content Security Policy violations').toEqual([]);
		},
		{ auto: true }
	]
});
