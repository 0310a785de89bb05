/**
 * The year's archives being made, as rows (archive_job): which instance makes a school's archive,
 * how far it has got, and how it ended, so every instance shows the same progress. The insert of
 * a running row is the claim (one running job per school, by a unique index); the row's heartbeat
 * is renewed after every file, and a running job whose heartbeat is older than the threshold lost
 * its instance: it is shown as failed and may be started again. Times are the database's, so the
 * instances' clocks need not agree.
 */
import type { Sql, Tx } from './client.ts';

type Q = Sql | Tx;

/** A job as a row says it. */
export interface ArchiveJobRow {
	id: number;
	schoolId: number;
	yearId: number;
	yearName: string;
	state: 'running' | 'done' | 'failed';
	total: number;
	made: number;
	fileName: string;
	instance: string;
	error: string | null;
	startedAt: string;
	finishedAt: string | null;
	/** Running, but its heartbeat is older than the threshold: its instance is gone. */
	stale: boolean;
}

type Row = {
	id: number;
	school_id: number;
	year_id: number;
	year_name: string;
	state: ArchiveJobRow['state'];
	total: number;
	made: number;
	file_name: string;
	instance: string;
	error: string | null;
	started_at: Date;
	finished_at: Date | null;
	stale: boolean;
};

const fromRow = (r: Row): ArchiveJobRow => ({
	id: r.id,
	schoolId: r.school_id,
	yearId: r.year_id,
	yearName: r.year_name,
	state: r.state,
	total: r.total,
	made: r.made,
	fileName: r.file_name,
	instance: r.instance,
	error: r.error,
	startedAt: r.started_at.toISOString(),
	finishedAt: r.finished_at?.toISOString() ?? null,
	stale: r.stale
});

/**
 * Ends, as failed with `error`, the school's running job whose heartbeat is older than `staleMs`
 * (its instance stopped); returns how many it ended.
 */
export async function failStaleArchiveJobs(tx: Q, schoolId: number, staleMs: number, error: string): Promise<number> {
	const rows = await tx`
		update archive_job set state = 'failed', error = ${error}, finished_at = now()
		where school_id = ${schoolId} and state = 'running' and heartbeat_at < now() - make_interval(secs => ${staleMs / 1000})
		returning id`;
	return rows.length;
}

/** Claims the making of a school's archive: a running row, unless one runs already (then undefined). */
export async function claimArchiveJob(
	tx: Q,
	job: { schoolId: number; yearId: number; startedBy: number; fileName: string; instance: string }
): Promise<number | undefined> {
	const [row] = await tx<{ id: number }[]>`
		insert into archive_job (school_id, year_id, started_by, state, file_name, instance)
		values (${job.schoolId}, ${job.yearId}, ${job.startedBy}, 'running', ${job.fileName}, ${job.instance})
		on conflict (school_id) where state = 'running' do nothing
		returning id`;
	return row?.id;
}

/** Records how far a running job has got and renews its heartbeat; false when the job is no longer running (ended as stale). */
export async function recordArchiveProgress(sql: Q, id: number, progress: { made: number; total: number }): Promise<boolean> {
	const rows = await sql`
		update archive_job set made = ${progress.made}, total = ${progress.total}, heartbeat_at = now()
		where id = ${id} and state = 'running' returning id`;
	return rows.length > 0;
}

/** Ends a running job as done or failed (with the reason). */
export async function finishArchiveJob(tx: Q, id: number, end: { state: 'done' } | { state: 'failed'; error: string }): Promise<void> {
	await tx`
		update archive_job set state = ${end.state}, error = ${end.state === 'failed' ? end.error : null}, finished_at = now(), heartbeat_at = now()
		where id = ${id} and state = 'running'`;
}

/** The school's latest job, if any, with whether it is a running one whose instance is gone. */
export async function latestArchiveJob(sql: Q, schoolId: number, staleMs: number): Promise<ArchiveJobRow | undefined> {
	const [row] = await sql<Row[]>`
		select a.id, a.school_id, a.year_id, y.name as year_name, a.state, a.total, a.made, a.file_name, a.instance, a.error,
			a.started_at, a.finished_at,
			(a.state = 'running' and a.heartbeat_at < now() - make_interval(secs => ${staleMs / 1000})) as stale
		from archive_job a join school_year y on y.id = a.year_id
		where a.school_id = ${schoolId}
		order by a.id desc limit 1`;
	return row && fromRow(row);
}
