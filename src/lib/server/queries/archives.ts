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
import { latestArchiveJob } from '../db/archive-jobs.ts';
import { ARCHIVE_STALE_MS, archivePath, listArchives, type ArchiveEntry, type ArchiveJob } from '../archives.ts';
import { ARCHIVE_MESSAGES } from '../commands/archive.ts';
import { decide, may, reportsResource, type Actor } from '../../domain/policy.ts';
import { done, refuse, type Outcome } from '../commands/outcome.ts';

/** What the archive page shows. */
export interface ArchivesPage {
	archives: ArchiveEntry[];
	/** The school's job running or last finished, on any instance, if any. */
	job: ArchiveJob | null;
	years: Array<{ id: number; name: string }>;
	/** The year picked by default: the current one. */
	yearId: number | null;
	/** The actor may start an archive (the administrator). */
	canMake: boolean;
}

/** The latest job of the actor's school, if any, from its row: a running one whose instance stopped is failed. */
async function jobOf(ctx: Ctx, actor: Actor): Promise<ArchiveJob | null> {
	const row = await latestArchiveJob(ctx.sql, actor.schoolId, ARCHIVE_STALE_MS);
	if (!row) return null;
	const state = row.stale ? 'failed' : row.state;
	const message = row.stale ? ARCHIVE_MESSAGES.lost : (row.error ?? undefined);
	return { yearId: row.yearId, yearName: row.yearName, state, total: row.total, made: row.made, name: row.fileName, startedAt: row.startedAt, ...(message ? { message } : {}) };
}

/** The archive page, for the administration; `currentYearId` is the school's year today. */
export async function archivesPage(ctx: Ctx, actor: Actor, config: Config, currentYearId: number | undefined): Promise<Outcome<ArchivesPage>> {
	const decision = decide(actor, 'read', reportsResource(actor.schoolId));
	if (!decision.allow) return refuse('forbidden', decision.reason);
	const years = await yearsOfSchool(ctx.sql, actor.schoolId);
	return done({
		archives: listArchives(config),
		job: await jobOf(ctx, actor),
		years: years.map((y) => ({ id: y.id, name: y.name })),
		yearId: currentYearId ?? years[0]?.id ?? null,
		canMake: may(actor, 'manage', reportsResource(actor.schoolId))
	});
}

/** How far the archive being made has got, for the page to poll. */
export async function archiveProgress(ctx: Ctx, actor: Actor): Promise<Outcome<{ job: ArchiveJob | null }>> {
	const decision = decide(actor, 'read', reportsResource(actor.schoolId));
	if (!decision.allow) return refuse('forbidden', decision.reason);
	return done({ job: await jobOf(ctx, actor) });
}

/** A finished archive to download, for the administration. */
export function archiveFile(actor: Actor, config: Config, name: string): Outcome<{ name: string; size: number; body: ReadableStream }> {
	const decision = decide(actor, 'read', reportsResource(actor.schoolId));
	if (!decision.allow) return refuse('forbidden', decision.reason);
	const file = archivePath(config, name);
	if (!file) return refuse('not_found', 'Такого архива нет.');
	return done({ name, size: fs.statSync(file).size, body: Readable.toWeb(fs.createReadStream(file)) as ReadableStream });
}
