import type { Actor } from '$lib/domain/policy';

declare global {
	namespace App {
		interface Locals {
			/** The signed-in account, or undefined. */
			account?: { accountId: number; personId: number; login: string; fullName: string; sessionId: string };
			/** The signed-in person's roles and scope for the current school year. */
			actor?: Actor;
			/** The current school year of the actor's school. */
			yearId?: number;
		}
		interface Error {
			message: string;
		}
	}
}

export {};
