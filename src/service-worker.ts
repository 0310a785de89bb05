/// <reference types="@sveltejs/kit" />
/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
/**
 * The installed web app's service worker: the last family pages a person opened stay readable
 * without a network or when the school's server is down, and none of them outlive the sign-out.
 *
 * - The app's own files (scripts, styles, icons) are precached by the list the PWA plugin injects
 *   at build time, so a page kept here can start without the server.
 * - A page is kept only when the server marks it so (`x-offline-keep`, set by the family pages'
 *   loads), on its full address. Pages are always asked of the server first; the kept copy answers
 *   only when the server cannot (no network, refused connection, 502–504 from a proxy). The page
 *   itself says that it is a copy and from when (it carries the time it was made).
 * - Signing in or out (a POST to /login or /logout), or the server sending the person to sign in,
 *   empties the kept pages, so on a shared phone nothing of one family is left for the next person.
 * - A web push (a notification's own title, body and link, sent by the server's push deliverer) is
 *   shown as a system notification, one per notification id however often it arrives; tapping it
 *   opens (or focuses) the page it leads to.
 */
import { cleanupOutdatedCaches, precacheAndRoute } from 'workbox-precaching';

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: Array<{ url: string; revision: string | null } | string> | undefined };

/** Where the kept family pages live (one cache, dropped as a whole on sign-out). */
const PAGES = 'zhurnal-family-pages';
/** The response header by which the server says a page may be kept for offline reading. */
const KEEP = 'x-offline-keep';

// In `vite dev` nothing is injected; the built worker gets the list.
precacheAndRoute(self.__WB_MANIFEST ?? []);
cleanupOutdatedCaches();

self.addEventListener('install', () => void self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

/** Drops every kept page. */
async function forgetPages(): Promise<void> {
	await caches.delete(PAGES);
}

self.addEventListener('fetch', (event) => {
	const { request } = event;
	const url = new URL(request.url);
	if (url.origin !== self.location.origin) return;
	// Whoever signs in or out on this device: the previous person's pages go, even if the request fails.
	if (request.method === 'POST' && (url.pathname === '/logout' || url.pathname === '/login')) {
		event.waitUntil(forgetPages());
		return;
	}
	if (request.method !== 'GET' || request.mode !== 'navigate') return;
	event.respondWith(pageFirstFromServer(request));
});

/** A page from the server, kept when the server allows it; the kept copy when the server cannot answer. */
async function pageFirstFromServer(request: Request): Promise<Response> {
	let response: Response;
	try {
		response = await fetch(request);
	} catch {
		return (await keptCopy(request)) ?? Response.error();
	}
	if (response.status >= 502 && response.status <= 504) return (await keptCopy(request)) ?? response;
	if (response.type === 'opaqueredirect' && new URL(request.url).pathname !== '/login') {
		// A page that now redirects (usually to sign-in: the session is over) is no longer this person's to read.
		await forgetPages();
	} else if (response.ok && response.headers.get(KEEP) === '1') {
		const cache = await caches.open(PAGES);
		await cache.put(request, response.clone());
	} else {
		const cache = await caches.open(PAGES);
		await cache.delete(request);
	}
	return response;
}

/** The kept copy of this page, or of the same page with other choices (another week) if this one was never opened. */
async function keptCopy(request: Request): Promise<Response | undefined> {
	const cache = await caches.open(PAGES);
	return (await cache.match(request)) ?? (await cache.match(request, { ignoreSearch: true }));
}

/** What the server's push carries (src/lib/domain/push.ts, PushPayload). */
interface PushPayload {
	id: string;
	title: string;
	body: string;
	link: string;
}

self.addEventListener('push', (event) => {
	let payload: PushPayload | undefined;
	try {
		payload = event.data?.json() as PushPayload | undefined;
	} catch {
		payload = undefined;
	}
	if (!payload?.title) return;
	// The tag is the notification's id: a push delivered twice replaces itself, silently.
	event.waitUntil(
		self.registration.showNotification(payload.title, {
			body: payload.body,
			tag: `notification-${payload.id}`,
			data: { link: payload.link },
			icon: '/icons/icon-192.png',
			lang: 'ru'
		})
	);
});

self.addEventListener('notificationclick', (event) => {
	event.notification.close();
	const link = typeof event.notification.data?.link === 'string' && event.notification.data.link.startsWith('/') ? event.notification.data.link : '/notifications';
	event.waitUntil(
		(async () => {
			const url = new URL(link, self.location.origin).href;
			const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
			const open = windows.find((w) => w.url === url);
			if (open) return void (await open.focus());
			await self.clients.openWindow(url);
		})()
	);
});
