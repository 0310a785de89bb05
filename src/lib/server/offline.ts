/**
 * The header by which a page's load lets the phone keep that page for reading offline. The
 * service worker (src/service-worker.ts, which names the same header) keeps only pages that carry
 * it, and drops them all on sign-in and sign-out.
 */
export const OFFLINE_KEEP_HEADER = 'x-offline-keep';
