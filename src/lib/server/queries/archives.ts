/**
 * The year's archives as the administration sees them: the finished files with
 * their sizes, the one being made with its progress, the years to choose from, and a download.
 * The administration reads them (they hold the school's reports); the administrator makes them.
 */
import fs from 'node:fs';
import { Readable } from 'node:stream';
import type { Config } from '../config.ts';
import type { Ctx } from '../context.ts';
import { yearsOfSchool } from '../db/years.ts';
import { archiveJob, archivePath, listArchives, type ArchiveEntry, type ArchiveJob } from '../archives.ts';
import { decide, may, reportsResource, type Actor } from '../../domain/policy.ts';
import { done, refuse, type Outcome } from '../commands/outcome.ts';

/** What the archive page shows. */
export interface ArchivesPage {
	archives: ArchiveEntry[];
	/** The job running or last finished in this process, if any. */
	job: ArchiveJob | null;
	years: Array<{ id: number; name: string }>;
	/** The year picked by default: the current one. */
	yearId: number | null;
	/** The actor may start an archive (the administrator). */
	canMake: boolean;
}

/** The job of the actor's school, if any. */
function jobOf(actor: Actor): ArchiveJob | null {
	const job = archiveJob();
	return job?.schoolId === actor.schoolId ? job : null;
}

/** The archive page, for the administration; `currentYearId` is the school's year today. */
export async function archivesPage(ctx: Ctx, actor: Actor, config: Config, currentYearId: number | undefined): Promise<Outcome<ArchivesPage>> {
	const decision = decide(actor, 'read', reportsResource(actor.schoolId));
	if (!decision.allow) return refuse('forbidden', decision.reason);
	const years = await yearsOfSchool(ctx.sql, actor.schoolId);
	return done({
		archives: listArchives(config),
		job: jobOf(actor),
		years: years.map((y) => ({ id: y.id, name: y.name })),
		yearId: currentYearId ?? years[0]?.id ?? null,
		canMake: may(actor, 'manage', reportsResource(actor.schoolId))
	});
}

/** How far the archive being made has got, for the page to poll. */
export function archiveProgress(actor: Actor): Outcome<{ job: ArchiveJob | null }> {
	const decision = decide(actor, 'read', reportsResource(actor.schoolId));
	if (!decision.allow) return refuse('forbidden', decision.reason);
	return done({ job: jobOf(actor) });
}

/** A finished archive to download, for the administration. */
export function archiveFile(actor: Actor, config: Config, name: string): Outcome<{ name: string; size: number; body: ReadableStream }> {
	const decision = decide(actor, 'read', reportsResource(actor.schoolId));
	if (!decision.allow) return refuse('forbidden', decision.reason);
	const file = archivePath(config, name);
	if (!file) return refuse('not_found', 'Такого архива нет.');
	return done({ name, size: fs.statSync(file).size, body: Readable.toWeb(fs.createReadStream(file)) as ReadableStream });
}
