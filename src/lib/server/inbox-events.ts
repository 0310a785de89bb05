/**
 * The live channel of a person's mail and notifications (X-LIVE, R-2.8): after a message, an
 * announcement or a notification is committed, its recipients are announced here, and every open
 * page of theirs (a server-sent event stream, like the diary's) reads its badge and list again
 * from the committed rows. The hub lives on globalThis, as the diary's does, so the SvelteKit
 * bundle and the live server share it; with several instances the live server registers a relay.
 */

/** What arrived: a message (or a reply), an announcement, a change of the timetable, a journal event (a mark, homework…), or a notification was read elsewhere. */
export type InboxChange = 'message' | 'announcement' | 'timetable' | 'journal' | 'read';

type Listener = (what: InboxChange) => void;

interface Hub {
	listeners: Map<number, Set<Listener>>;
	/** Carries this instance's announcements to the other instances, when there are any. */
	relay?: (personIds: readonly number[], what: InboxChange) => void;
}

const KEY = Symbol.for('zhurnal.inbox-events');
const holder = globalThis as { [KEY]?: Hub };
const hub: Hub = (holder[KEY] ??= { listeners: new Map<number, Set<Listener>>() });

/** Listens for changes of one person's mail and notifications; returns the function that stops listening. */
export function subscribeInbox(personId: number, listener: Listener): () => void {
	let set = hub.listeners.get(personId);
	if (!set) hub.listeners.set(personId, (set = new Set<Listener>()));
	set.add(listener);
	return () => {
		set.delete(listener);
		if (set.size === 0 && hub.listeners.get(personId) === set) hub.listeners.delete(personId);
	};
}

/** Tells this instance's open pages of the people that something committed changed (another instance's announcement lands here too). */
export function deliverInboxChanged(personIds: readonly number[], what: InboxChange): void {
	for (const id of new Set(personIds)) {
		for (const listener of hub.listeners.get(id) ?? []) {
			try {
				listener(what);
			} catch (error) {
				console.error('inbox events: a listener failed', error);
			}
		}
	}
}

/** Announces a committed change of the people's mail here and on the other instances; never fails the caller's write. */
export function notifyInboxChanged(personIds: readonly number[], what: InboxChange): void {
	if (personIds.length === 0) return;
	deliverInboxChanged(personIds, what);
	try {
		hub.relay?.(personIds, what);
	} catch (error) {
		console.error('inbox events: relay failed', error);
	}
}

/** Registers (or removes) the relay to the other instances (the live server does this with REDIS_URL). */
export function registerInboxRelay(relay: Hub['relay']): void {
	hub.relay = relay;
}
