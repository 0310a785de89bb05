/**
 * Creates the demo school in an empty database and prints its logins.
 *
 *   npx tsx scripts/demo.ts [--seed N] [--students N] [--today YYYY-MM-DD]
 *
 * The database is DATABASE_URL when set, otherwise the embedded one in DATA_DIR (./data).
 */
import { parseArgs } from 'node:util';
import { closeDatabase, openDatabase } from '../src/lib/server/db/client.ts';
import { migrate } from '../src/lib/server/db/migrate.ts';
import { checkDemoOptions, generateDemoSchool, isDatabaseEmpty, type DemoOptions } from '../src/lib/server/demo/generate.ts';

const ROLE_NAMES: Record<string, string> = {
	admin: 'администратор',
	director: 'директор',
	deputy: 'завуч',
	teacher: 'учитель',
	class_teacher: 'классный руководитель',
	parent: 'родитель',
	student: 'ученик'
};

function integer(value: string | undefined, name: string): number | undefined {
	if (value === undefined) return undefined;
	if (!/^\d+$/.test(value)) throw new Error(`--${name}: нужно целое число, получено «${value}»`);
	return Number(value);
}

/** Today in the machine's local time zone: the school's day, not UTC's. */
function localToday(): string {
	const now = new Date();
	return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
}

async function main(): Promise<number> {
	const { values } = parseArgs({
		options: { seed: { type: 'string' }, students: { type: 'string' }, today: { type: 'string' } }
	});
	const options: DemoOptions = {
		seed: integer(values.seed, 'seed') ?? 2026,
		students: integer(values.students, 'students'),
		today: values.today ?? localToday()
	};
	// Refuse bad arguments before the embedded database creates its directory.
	checkDemoOptions(options);

	const db = await openDatabase({ databaseUrl: process.env.DATABASE_URL, dataDir: process.env.DATA_DIR || 'data' });
	try {
		await migrate(db.sql);
		if (!(await isDatabaseEmpty(db.sql))) {
			console.error('В базе данных уже есть школа: демо-школа создаётся только в пустой базе. Укажите другой DATA_DIR или DATABASE_URL.');
			return 1;
		}
		const started = performance.now();
		const summary = await generateDemoSchool(db.sql, options);
		const seconds = ((performance.now() - started) / 1000).toFixed(1);
		const c = summary.counts;
		console.log(`Демо-школа создана за ${seconds} с (сид ${options.seed}, сегодня ${options.today}, база: ${db.backend}).`);
		console.log(
			`Классов: ${c.classes}, учеников: ${c.students}, родителей: ${c.parents}, учителей: ${c.teachers}, ` +
				`уроков: ${c.lessons}, оценок: ${c.marks}, пропусков: ${c.absences}.`
		);
		console.log('\nВход (пароль у всех: demo):');
		console.table(
			summary.logins.map((l) => ({ роль: ROLE_NAMES[l.role], логин: l.login, пароль: l.password, имя: l.name, кто: l.note }))
		);
		return 0;
	} finally {
		await closeDatabase();
	}
}

main().then(
	(code) => (process.exitCode = code),
	(error: unknown) => {
		console.error(`Не удалось создать демо-школу: ${error instanceof Error ? error.message : String(error)}`);
		process.exitCode = 1;
	}
);
