/**
 * The production server as a child process (`node --import tsx server/main.ts`, which runs
 * main() as `npm start` does, without start.js's rebuild check), for tests that kill it or run
 * several instances.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..', '..');

/** A server in a child process. */
export interface ChildServer {
	url: string;
	child: ChildProcess;
	output(): string;
	/** kill -9, and wait until the process is gone. */
	kill9(): Promise<void>;
	/** SIGTERM, and wait for the clean shutdown. */
	stop(): Promise<void>;
}

/** Starts the server with the environment (PORT=0: it prints the port it got). */
export async function spawnServer(env: Record<string, string>, timeoutMs = 90_000): Promise<ChildServer> {
	const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
		cwd: root,
		env: { ...process.env, PORT: '0', HOST: '127.0.0.1', TODAY: '2026-11-27', DEMO_CLASSES_PER_GRADE: '1', DEMO_STUDENTS_PER_CLASS: '8', BACKUP_HOUR: 'off', ...env },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let out = '';
	child.stdout!.on('data', (chunk) => (out += chunk));
	child.stderr!.on('data', (chunk) => (out += chunk));
	const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
	const port = await new Promise<number>((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), timeoutMs);
		child.stdout!.on('data', () => {
			const match = /Журнал работает: http:\/\/localhost:(\d+)/.exec(out);
			if (match) {
				clearTimeout(timer);
				resolve(Number(match[1]));
			}
		});
		child.once('exit', (code) => {
			clearTimeout(timer);
			reject(new Error(`server exited with ${code}:\n${out}`));
		});
	});
	return {
		url: `http://127.0.0.1:${port}`,
		child,
		output: () => out,
		kill9: async () => {
			child.kill('SIGKILL');
			await exited;
		},
		stop: async () => {
			if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
			await exited;
		}
	};
}

/** True when something listens on the host and port (Redis, PostgreSQL). */
export function reachable(host: string, port: number): Promise<boolean> {
	return new Promise((resolve) => {
		const socket = net.connect({ host, port });
		socket.setTimeout(1500);
		socket.once('connect', () => (socket.destroy(), resolve(true)));
		socket.once('error', () => resolve(false));
		socket.once('timeout', () => (socket.destroy(), resolve(false)));
	});
}
