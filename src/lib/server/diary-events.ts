/**
 * The diary's live channel (X-LIVE, R-2.8): after a write is committed, the pupils it concerns are
 * announced here, and every open diary of those pupils (a server-sent event stream per page) asks
 * for its data again — read from the committed rows, never from a journal document. The SvelteKit
 * bundle and the tsx-loaded websocket server are two copies of our modules in one process, so the
 * hub lives on globalThis under a well-known symbol. With several instances the live server
 * registers a relay that carries announcements to the others (Redis) and hands theirs in here.
 */

type Listener = (what: DiaryChange) => void;

/** What changed for the pupil: a cell (mark, absence, comment), a lesson (topic, homework, files), a period mark. */
export type DiaryChange = 'cell' | 'lesson' | 'period_mark';

interface Hub {
	listeners: Map<number, Set<Listener>>;
	/** Carries this instance's announcements to the other instances, when there are any. */
	relay?: (studentIds: readonly number[], what: DiaryChange) => void;
}

const KEY = Symbol.for('zhurnal.diary-events');
const holder = globalThis as { [KEY]?: Hub };
const hub: Hub = (holder[KEY] ??= { listeners: new Map<number, Set<Listener>>() });

/** Listens for changes of one pupil's diary; returns the function that stops listening. */
export function subscribeDiary(studentId: number, listener: Listener): () => void {
	let set = hub.listeners.get(studentId);
	if (!set) hub.listeners.set(studentId, (set = new Set<Listener>()));
	set.add(listener);
	return () => {
		set.delete(listener);
		if (set.size === 0 && hub.listeners.get(studentId) === set) hub.listeners.delete(studentId);
	};
}

/** Tells this instance's open diaries of the pupils that something committed changed (an announcement from another instance lands here too). */
export function deliverDiaryChanged(studentIds: readonly number[], what: DiaryChange): void {
	for (const id of new Set(studentIds)) {
		for (const listener of hub.listeners.get(id) ?? []) {
			try {
				listener(what);
			} catch (error) {
				console.error('diary events: a listener failed', error);
			}
		}
	}
}

/** Announces a committed change of the pupils' diaries here and on the other instances; never fails the caller's write. */
export function notifyDiaryChanged(studentIds: readonly number[], what: DiaryChange): void {
	if (studentIds.length === 0) return;
	deliverDiaryChanged(studentIds, what);
	try {
		hub.relay?.(studentIds, what);
	} catch (error) {
		console.error('diary events: relay failed', error);
	}
}

/** Registers (or removes) the relay to the other instances (the live server does this with REDIS_URL). */
export function registerDiaryRelay(relay: Hub['relay']): void {
	hub.relay = relay;
}
