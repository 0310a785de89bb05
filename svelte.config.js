import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		adapter: adapter({ out: 'build' }),
		// Forms are posted from our own pages only; the check stays on.
		csrf: { trustedOrigins: [] },
		// Content-Security-Policy of every page, sent as a header (so frame-ancestors counts).
		// mode 'auto': a fresh nonce per rendered page for SvelteKit's inline start-up script.
		csp: {
			mode: 'auto',
			directives: {
				// Anything not named below: our origin only.
				'default-src': ['self'],
				// Our bundles, and the inline start-up script by its nonce; no eval, no other host.
				'script-src': ['self'],
				// AG Grid's theme (a JS object) and Svelte's style: directives write <style> elements and
				// style attributes at run time, which no nonce or hash can cover; styles cannot run code.
				'style-src': ['self', 'unsafe-inline'],
				// The favicon is `data:,`; AG Grid's icons are data: SVGs; Chart.js draws on a canvas.
				'img-src': ['self', 'data:'],
				'font-src': ['self'],
				// fetch to our API and the live journal's websocket on /collab: in CSP Level 3 (Chromium,
				// Firefox, Safari) 'self' matches ws:/wss: on the same host and port.
				'connect-src': ['self'],
				// Lesson files play from our origin.
				'media-src': ['self'],
				'object-src': ['none'],
				// No <base> to another site, forms post only to us, nobody may frame us (clickjacking).
				'base-uri': ['self'],
				'form-action': ['self'],
				'frame-ancestors': ['none']
			}
		}
	}
};

export default config;
