/** What the period-mark tests read back from the tables. */
import type { Sql } from '../../src/lib/server/db/client';

/** The period marks of one student in one journal. */
export function storedPeriodMarks(sql: Sql, journalId: number, studentId: number) {
	return sql`
		select kind, period_id, value, suggested, justification, author_id from period_mark
		where journal_id = ${journalId} and student_id = ${studentId} order by kind, period_id`;
}

/** The audit rows of one student's period marks in one journal. */
export function periodMarkAudits(sql: Sql, journalId: number, studentId: number) {
	return sql`
		select actor_id, old_value, new_value from audit_log
		where entity = 'period_mark' and entity_id like ${`${journalId}:${studentId}:%`} order by id`;
}
