/**
 * In `vite dev`, the live-journal websocket (/collab) is attached to Vite's own HTTP server,
 * leaving Vite's HMR socket alone; in production server/main.ts does the same on its server.
 */
import type { Plugin } from 'vite';

/** Vite plugin that serves /collab in development through the same upgrade handler as production. */
export function collabDevPlugin(): Plugin {
	return {
		name: 'zhurnal-collab-dev',
		apply: 'serve',
		configureServer(server) {
			server.httpServer?.on('upgrade', async (request, socket, head) => {
				if (!request.url?.startsWith('/collab')) return;
				const { handleCollabUpgrade } = await server.ssrLoadModule('/server/collab/index.ts');
				handleCollabUpgrade(request, socket, head);
			});
		}
	};
}
