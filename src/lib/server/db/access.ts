/** The school's categories of access: the stored choices of optional rights per category of user. */
import type { Sql, Tx } from './client.ts';
import { accessFromChoices, type AccessChoice, type AccessSettings } from '../../domain/access.ts';

type Q = Sql | Tx;

/** The row of accessChoicesOf. */
interface AccessRow {
	category: string;
	access_right: string;
	granted: boolean;
}

/** The school's stored choices, cell by cell. */
export async function accessChoicesOf(sql: Q, schoolId: number): Promise<AccessChoice[]> {
	const rows = await sql<AccessRow[]>`select category, access_right, granted from access_right where school_id = ${schoolId} order by category, access_right`;
	return rows.map((r) => ({ category: r.category, right: r.access_right, granted: r.granted }));
}

/** The school's optional rights per category: its choices over the defaults. */
export async function accessOf(sql: Q, schoolId: number): Promise<AccessSettings> {
	return accessFromChoices(await accessChoicesOf(sql, schoolId));
}

/** Locks the school's row (two administrators saving at once) and returns the rights stored now. */
export async function lockAccess(tx: Tx, schoolId: number): Promise<AccessSettings> {
	await tx`select id from school where id = ${schoolId} for update`;
	return accessOf(tx, schoolId);
}

/** Stores every cell of the table as the school's choice. */
export async function storeAccess(tx: Tx, schoolId: number, choices: readonly AccessChoice[]): Promise<void> {
	for (const c of choices) {
		await tx`insert into access_right (school_id, category, access_right, granted) values (${schoolId}, ${c.category}, ${c.right}, ${c.granted})
			on conflict (school_id, category, access_right) do update set granted = excluded.granted`;
	}
}
