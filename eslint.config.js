// The lint keeps the layers apart; it checks imports and where SQL is written, nothing else
// (no style rules). Product code only: src, server, scripts — tests and benchmarks may reach
// into any layer.
//
//   1. src/lib/domain imports nothing outside src/lib/domain.
//   2. Only src/lib/server/db imports the SQL driver or writes SQL.
//   3. src/routes never imports src/lib/server/db.
import path from 'node:path';
import svelte from 'eslint-plugin-svelte';
import tseslint from 'typescript-eslint';

const DOMAIN_DIR = path.resolve(import.meta.dirname, 'src/lib/domain');
const LIB_DIR = path.resolve(import.meta.dirname, 'src/lib');

const PRODUCT = ['src/**/*.{js,ts,svelte}', 'server/**/*.{js,ts}', 'scripts/**/*.{js,ts}'];
const DB = ['src/lib/server/db/**'];
const ROUTES = ['src/routes/**/*.{js,ts,svelte}'];
const DOMAIN = ['src/lib/domain/**/*.{js,ts,svelte}'];

// Rule 2: the SQL driver and the embedded database, with their subpaths.
const DRIVER = /^(postgres|@electric-sql\/pglite|@electric-sql\/pglite-socket)(\/|$)/;
// Rule 3: the db layer, by alias ($lib/server/db/…) or by a relative path (../../lib/server/db/…).
const DB_LAYER = /(^|[/$])lib\/server\/db(\/|$)/;

const DRIVER_MESSAGE =
	'Only the db layer (src/lib/server/db) uses the SQL driver: put the query in a function there and import that function instead.';
const SQL_MESSAGE =
	'SQL is written only in the db layer (src/lib/server/db): move this statement into a function there and call that function instead.';
const ROUTES_MESSAGE =
	'Routes do not import the db layer: routes call a command ($lib/server/commands) for a write or a query module ($lib/server/queries) for a read, never the db layer.';
const DOMAIN_MESSAGE =
	'src/lib/domain is pure and imports only other modules of src/lib/domain (no packages, no Node built-ins, no $lib/server, no $app): pass what it needs in as arguments, or move this code out of the domain.';

const driverImports = [{ regex: DRIVER.source, message: DRIVER_MESSAGE }];
const dbImports = [{ regex: DB_LAYER.source, message: ROUTES_MESSAGE }];

// esquery selectors. "Writes SQL": a template tagged by an identifier or a member named sql, tx,
// db or q (sql`…`, tx<Row[]>`…`, locals.db`…`), or a call of .unsafe(…). sql.begin(…) opens a
// transaction and is not SQL.
const SQL_TAG = /^(sql|tx|db|q)$/;
const writesSql = [
	{
		selector: `TaggedTemplateExpression:matches([tag.type='Identifier'][tag.name=${SQL_TAG}], [tag.type='MemberExpression'][tag.property.name=${SQL_TAG}])`,
		message: SQL_MESSAGE
	},
	{ selector: `CallExpression[callee.type='MemberExpression'][callee.property.name='unsafe']`, message: SQL_MESSAGE }
];
// no-restricted-imports does not see import(…); these do.
const dynamicImport = (pattern, message) => ({ selector: `ImportExpression[source.value=${pattern}]`, message });
const driverDynamic = dynamicImport(regexSelector(DRIVER), DRIVER_MESSAGE);
const dbDynamic = dynamicImport(regexSelector(DB_LAYER), ROUTES_MESSAGE);

/** A RegExp as an esquery regex literal (esquery ends the literal at an unescaped slash). */
function regexSelector(regex) {
	return `/${regex.source}/`;
}

/**
 * Rule 1 as a local rule: whether an import stays inside src/lib/domain depends on the path of the
 * importing file, which no-restricted-imports cannot see. Relative paths and $lib/… are resolved;
 * anything else (a package, a Node built-in, $app/…, $env/…) is outside.
 */
const domainSelfContained = {
	meta: {
		type: 'problem',
		docs: { description: 'src/lib/domain imports only src/lib/domain' },
		schema: [],
		messages: { outside: `'{{source}}' is outside src/lib/domain. ${DOMAIN_MESSAGE}` }
	},
	create(context) {
		const here = path.dirname(context.filename);
		const resolve = (source) => {
			if (source.startsWith('$lib/')) return path.join(LIB_DIR, source.slice('$lib/'.length));
			if (source === '.' || source === '..' || source.startsWith('./') || source.startsWith('../')) return path.resolve(here, source);
			return undefined;
		};
		const check = (node) => {
			if (!node) return;
			const source = node.type === 'Literal' && typeof node.value === 'string' ? node.value : undefined;
			const target = source === undefined ? undefined : resolve(source);
			if (target !== undefined && (target === DOMAIN_DIR || target.startsWith(DOMAIN_DIR + path.sep))) return;
			context.report({ node, messageId: 'outside', data: { source: source ?? context.sourceCode.getText(node) } });
		};
		return {
			ImportDeclaration: (node) => check(node.source),
			ExportNamedDeclaration: (node) => check(node.source),
			ExportAllDeclaration: (node) => check(node.source),
			ImportExpression: (node) => check(node.source),
			TSImportEqualsDeclaration: (node) => node.moduleReference.type === 'TSExternalModuleReference' && check(node.moduleReference.expression),
			TSImportType: (node) => check(node.argument.type === 'TSLiteralType' ? node.argument.literal : node.argument)
		};
	}
};

export default [
	{ ignores: ['build/**', '.svelte-kit/**', 'node_modules/**', 'tests/**', 'bench/**', 'test-results/**', 'playwright-report/**'] },
	{
		linterOptions: { reportUnusedDisableDirectives: 'error' },
		plugins: { layers: { rules: { 'domain-self-contained': domainSelfContained } } }
	},

	// Parsers only: TypeScript, and Svelte components (with their TypeScript script blocks).
	{ files: ['**/*.ts'], languageOptions: { parser: tseslint.parser } },
	...svelte.configs.base,
	{
		files: ['**/*.svelte', '**/*.svelte.ts', '**/*.svelte.js'],
		languageOptions: { parserOptions: { parser: tseslint.parser } }
	},

	// Rule 2, for all product code outside the db layer.
	{
		files: PRODUCT,
		ignores: DB,
		rules: {
			'no-restricted-imports': ['error', { patterns: driverImports }],
			'no-restricted-syntax': ['error', ...writesSql, driverDynamic]
		}
	},
	// Rules 2 and 3 for routes (a later block replaces a rule's options, so each block lists them all).
	{
		files: ROUTES,
		rules: {
			'no-restricted-imports': ['error', { patterns: [...driverImports, ...dbImports] }],
			'no-restricted-syntax': ['error', ...writesSql, driverDynamic, dbDynamic]
		}
	},
	// Rule 1 (which covers every import of a domain module, the driver's too) and rule 2's SQL.
	{
		files: DOMAIN,
		rules: {
			'no-restricted-imports': 'off',
			'layers/domain-self-contained': 'error'
		}
	}
];
