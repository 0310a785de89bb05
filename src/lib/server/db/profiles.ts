/** Profile data of a class's pupils and their parents, and the day it was last checked. No transactions: the command opens one. */
import type { Sql, Tx } from './client.ts';

type Q = Sql | Tx;

/** A pupil's or parent's profile as the class teacher checks it. */
export interface ClassProfile {
	personId: number;
	fullName: string;
	role: 'student' | 'parent';
	/** For a parent: their children in the class. */
	children: string[];
	birthDate: string | null;
	phone: string | null;
	email: string | null;
	verifiedOn: string | null;
}

/** The profiles of the pupils present in the class on the day and of their parents, once each, in the class list's order. */
export async function classProfiles(sql: Q, classId: number, day: string): Promise<ClassProfile[]> {
	const rows = await sql<Array<{ id: number; full_name: string; role: 'student' | 'parent'; child: string | null; birth_date: string | null; phone: string | null; email: string | null; verified_on: string | null; ord: string }>>`
		with pupils as (
			select p.* from enrolment e join person p on p.id = e.student_id
			where e.class_id = ${classId} and e.arrived_on <= ${day} and (e.departed_on is null or e.departed_on >= ${day})
		)
		select p.id, concat_ws(' ', p.last_name, p.first_name, p.middle_name) as full_name, 'student' as role, null as child,
			p.birth_date, p.phone, p.email, p.profile_verified_on as verified_on, concat_ws(' ', p.last_name, p.first_name, '0') as ord
		from pupils p
		union all
		select pp.id, concat_ws(' ', pp.last_name, pp.first_name, pp.middle_name), 'parent', concat_ws(' ', p.last_name, p.first_name, p.middle_name),
			pp.birth_date, pp.phone, pp.email, pp.profile_verified_on, concat_ws(' ', p.last_name, p.first_name, '1')
		from pupils p join guardian g on g.student_id = p.id join person pp on pp.id = g.parent_id
		order by ord`;
	const profiles = new Map<number, ClassProfile>();
	for (const r of rows) {
		const known = profiles.get(r.id);
		if (known) {
			if (r.child) known.children.push(r.child);
			continue;
		}
		profiles.set(r.id, { personId: r.id, fullName: r.full_name, role: r.role, children: r.child ? [r.child] : [], birthDate: r.birth_date, phone: r.phone, email: r.email, verifiedOn: r.verified_on });
	}
	return [...profiles.values()];
}

/** Records the day the person's profile was checked; returns the day it had before. */
export async function setProfileVerified(tx: Tx, personId: number, on: string): Promise<string | null> {
	const [before] = await tx<{ verified_on: string | null }[]>`select profile_verified_on as verified_on from person where id = ${personId} for update`;
	await tx`update person set profile_verified_on = ${on} where id = ${personId}`;
	return before?.verified_on ?? null;
}
