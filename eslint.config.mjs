import { builtinModules } from 'node:module';
import path from 'node:path';
import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';
import prettier from 'eslint-config-prettier/flat';
import importX, { createNodeResolver } from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

// ---------------------------------------------------------------------------------------------------
// The layer map of ARCHITECTURE.md ("Who may import whom"), enforced so nobody has to remember it.
//
// Why every boundary is its own rule. In flat config, when two blocks match a file and both configure
// the same rule, the later block's options REPLACE the earlier ones; they are not merged. With one
// shared `no-restricted-imports`, a block for lib/db/** placed after a block for lib/** would silently
// drop lib/**'s restrictions for lib/db. So each boundary below is registered as a rule of its own,
// `layers/<name>` (the same implementation under another id), and configured in exactly one block,
// generated from the table. No two boundaries share a rule id, so for any file they can only add up,
// and a report names the boundary it broke. (The plain `no-restricted-imports` is left free.)
//
// The implementation is @typescript-eslint/no-restricted-imports (so a boundary may allow `import type`),
// extended to `import('x')` and `import('x').T`, which the base rule does not look at.
// test/foundation/lint-layers.test.ts proves that every boundary fires.
// ---------------------------------------------------------------------------------------------------

const restrictImports = tseslint.plugin.rules['no-restricted-imports'];
const boundaryRule = {
  ...restrictImports,
  create(context) {
    const visitors = restrictImports.create(context);
    const check = (source, importKind) => {
      if (source?.type !== 'Literal' || typeof source.value !== 'string' || !visitors.ImportDeclaration) return;
      const { loc, range, parent } = source;
      visitors.ImportDeclaration({
        type: 'ImportDeclaration',
        source,
        specifiers: [],
        attributes: [],
        importKind,
        loc,
        range,
        parent,
      });
    };
    return {
      ...visitors,
      ImportExpression: (node) => check(node.source, 'value'),
      // typescript-eslint 8 names the string `source` (older: `argument.literal`).
      TSImportType: (node) => check(node.source ?? node.argument?.literal, 'type'),
    };
  },
};

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** An import of one of lib's folders, written `@/lib/<dir>/…` or `../../lib/<dir>/…`. */
const libDirs = (...dirs) => `(?:^|/)lib/(?:${dirs.join('|')})(?:/|$)`;
/**
 * The same from a file inside lib/, which also names a sibling layer `../<dir>/…` (lib's children are its
 * layers), or from lib/'s own files `./<dir>/…`. `./<dir>` without a slash is a file of one's own layer.
 */
const libDirsFromLib = (...dirs) => {
  const alt = dirs.join('|');
  return `${libDirs(...dirs)}|^(?:\\.\\./)+(?:${alt})(?:/|$)|^\\./(?:${alt})/`;
};

const DB_DRIVER = '^@prisma/|^better-sqlite3$|(?:^|/)db/generated(?:/|$)';
const REACT_NEXT = '^(?:react|react-dom|next)(?:/|$)';
const NODE_BUILTINS = `^node:|^(?:${builtinModules.map(escape).join('|')})(?:/|$)`;
const FILES_AND_THREADS = '^(?:node:)?(?:fs|fs/promises|worker_threads)$';
const EXPORT_INDEX = '(?:^|/)lib/export/?$|^(?:\\.\\./)+export/?$';

/** lib/auth's pure files: the roles table, the password rules and the actor type (the browser imports them). */
const AUTH_PURE = ['lib/auth/roles.ts', 'lib/auth/password.ts', 'lib/auth/actor.ts'];
/** An import of lib/auth other than its pure files (session, users, resolve: server code). */
const AUTH_SERVER = '(?:^|/)lib/auth/(?!(?:roles|password|actor)(?:\\.ts)?$)';
/** Code that runs in the browser: components, a route's components, and the pure helpers they import. */
const BROWSER = [
  'components/**',
  'app/**/_components/**',
  'app/_shared/**',
  'lib/ui/**',
  'lib/curation/**',
  'lib/query/**',
  'lib/token-stats/**',
  'lib/token-report/**',
  'lib/review/**',
  'lib/scan/**',
  'lib/job-status.ts',
  ...AUTH_PURE,
];
const PURE_CORE = [
  'lib/formats/**',
  'lib/curation/**',
  'lib/query/**',
  'lib/token-stats/**',
  'lib/token-report/**',
  'lib/review/**',
  'lib/scan/**',
  'lib/job-status.ts',
  ...AUTH_PURE,
];

/**
 * name → { files, ignores?, patterns: [{ regex, message, allowTypeImports? }] }.
 * A file matched by several boundaries obeys all of them.
 */
const boundaries = {
  'db-driver-only-in-lib-db': {
    files: ['**/*.{ts,tsx,mts,mjs,js}'],
    // Tests may open a database file directly to check what lib/db wrote.
    ignores: ['lib/db/**', 'test/**'],
    patterns: [
      {
        regex: DB_DRIVER,
        message: 'Only lib/db imports Prisma or better-sqlite3; scripts/ and bench/ too go through a lib/db function.',
      },
    ],
  },
  'lib-never-imports-ui': {
    files: ['lib/**'],
    patterns: [
      {
        regex: '^@/(?:app|components)(?:/|$)|^(?:\\.\\./)+(?:app|components)(?:/|$)',
        message: 'Nothing in lib/ imports app/ or components/: the data layer never imports UI code.',
      },
    ],
  },
  'pure-core': {
    files: PURE_CORE,
    patterns: [
      {
        regex: libDirsFromLib('db', 'jobs', 'tokenize', 'export', 'ui', 'sample'),
        message:
          'lib/formats, lib/curation, lib/query, lib/token-stats, lib/token-report, lib/review and lib/scan are the bottom layer: no db, jobs, tokenize, export, ui or sample.',
      },
      { regex: REACT_NEXT, message: 'The pure layers import no React or Next.' },
    ],
  },
  'formats-curation-no-files': {
    files: ['lib/formats/**', 'lib/curation/**'],
    // The streaming readers (and the probe that reads a file's head) are where lib/formats meets files;
    // see lib/formats/README.md. Tests run in Node and may use it.
    ignores: ['lib/formats/read/**', 'lib/formats/probe.ts', '**/*.test.ts'],
    patterns: [
      {
        regex: FILES_AND_THREADS,
        message:
          'lib/formats and lib/curation neither read files nor start threads: only lib/formats/read/ and probe.ts read files; workers live in lib/jobs and lib/tokenize.',
      },
    ],
  },
  'browser-safe': {
    files: BROWSER,
    ignores: ['**/*.test.ts', 'app/**/actions.ts'],
    patterns: [
      { regex: NODE_BUILTINS, message: 'This code runs in the browser: no node: built-ins.' },
      {
        regex: EXPORT_INDEX,
        message:
          'The lib/export index pulls in the file writers (node:fs): import the pure module (formats.ts, request.ts, select.ts) directly.',
      },
    ],
  },
  'ui-helpers-pure': {
    files: ['lib/ui/**'],
    patterns: [
      {
        regex: libDirsFromLib('db', 'jobs', 'tokenize', 'sample'),
        message: 'lib/ui is pure helpers for pages: no db, jobs, tokenize or sample (pages pass it data).',
      },
      { regex: REACT_NEXT, message: 'lib/ui is pure helpers: no React or Next (hooks live in components/).' },
    ],
  },
  'engines-take-data': {
    files: ['lib/export/**', 'lib/tokenize/**'],
    patterns: [
      {
        regex: libDirsFromLib('db', 'jobs', 'ui'),
        message: 'lib/export and lib/tokenize take data and return results: lib/jobs feeds them from lib/db.',
      },
      { regex: REACT_NEXT, message: 'lib/export and lib/tokenize import no React or Next.' },
    ],
  },
  'db-stores-pure-data': {
    files: ['lib/db/**'],
    patterns: [
      {
        regex: libDirsFromLib('jobs', 'tokenize', 'export', 'ui'),
        message:
          'lib/db stores what the pure layers define (formats, curation, query, token-stats, token-report): no jobs, tokenize, export or ui.',
      },
      {
        regex: `${AUTH_SERVER}|^\\.\\./auth/(?!(?:roles|password|actor)(?:\\.ts)?$)`,
        message:
          "lib/db may read the roles table (lib/auth/roles.ts, password.ts, actor.ts), never lib/auth's server code.",
      },
    ],
  },
  'auth-library-in-one-place': {
    files: ['**/*.{ts,tsx,mts,mjs,js}'],
    // lib/db/auth.ts builds the instance; tests may look at the library directly.
    ignores: ['lib/db/auth.ts', 'test/**', '**/*.test.ts'],
    patterns: [
      {
        regex: '^better-auth(?:/|$)|^@better-auth/',
        message:
          'Only lib/db/auth.ts imports better-auth: everything else asks lib/auth (session.ts for app/, users.ts for people, resolve.ts for requests).',
      },
    ],
  },
  'auth-session-only-in-app': {
    files: ['lib/**', 'cli/**', 'scripts/**', 'components/**', 'bench/**'],
    ignores: ['lib/auth/session.ts'],
    patterns: [
      {
        regex: '(?:^|/)lib/auth/session(?:\\.ts)?$|^\\./session(?:\\.ts)?$|^\\.\\./auth/session(?:\\.ts)?$',
        message:
          "lib/auth/session.ts reads Next's request (headers, redirect): only app/ uses it. Elsewhere use lib/auth/resolve.ts with a Headers object.",
      },
    ],
  },
  'components-take-props': {
    files: ['components/**'],
    patterns: [
      {
        regex: libDirs('db', 'jobs', 'tokenize'),
        message: 'components/ never import lib/db, lib/jobs or lib/tokenize, not even types: they take props.',
      },
      {
        regex: AUTH_SERVER,
        message:
          "components/ take the actor as props (ActorView from lib/auth/actor.ts, capabilities from lib/auth/roles.ts); lib/auth's server code stays on the server.",
      },
      { regex: '^@/app(?:/|$)|^(?:\\.\\./)+app(?:/|$)', message: 'components/ never import app/.' },
    ],
  },
  'route-components-no-server-code': {
    files: ['app/**/_components/**', 'app/_shared/**'],
    ignores: ['app/**/actions.ts'],
    patterns: [
      {
        regex: libDirs('db', 'jobs', 'tokenize'),
        // Erased at build: a route's components may name the row types their page read.
        allowTypeImports: true,
        message:
          'Route components import no lib/db, lib/jobs or lib/tokenize code (import type is fine): take it from the page as props, or call a server action.',
      },
      {
        regex: AUTH_SERVER,
        allowTypeImports: true,
        message:
          "Route components get the actor from their page (ActorView, capabilities); lib/auth's server code stays on the server.",
      },
    ],
  },
  'routes-own-files': {
    files: ['app/**'],
    patterns: [
      {
        // `@/app/...` outside app/_shared; `../x/...` into a folder that is not private; `./x/...` into a child route.
        regex: '^@/app/(?!_shared/)|^(?:\\.\\./)+(?!_)[^./][^/]*/|^\\./(?!_)[^/]+/',
        message:
          "A route imports its own files, its ancestors' _components/ and app/_shared/: code that several routes use moves to app/_shared/, components/ or lib/.",
      },
    ],
  },
};

const layersPlugin = { rules: Object.fromEntries(Object.keys(boundaries).map((name) => [name, boundaryRule])) };
const boundaryBlocks = Object.entries(boundaries).map(([name, { files, ignores, patterns }]) => ({
  name: `layers/${name}`,
  files,
  ...(ignores ? { ignores } : {}),
  rules: { [`layers/${name}`]: ['error', { patterns }] },
}));

const config = [
  {
    ignores: [
      '.next/**',
      'node_modules/**',
      'lib/db/generated/**',
      'data/**',
      'test-results/**',
      'playwright-report/**',
      'next-env.d.ts',
      'bench/.data/**',
      '.venv-fidelity/**',
    ],
  },
  ...nextVitals,
  ...nextTs,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  { plugins: { layers: layersPlugin } },
  ...boundaryBlocks,
  // No import cycles. import-x follows `@/` through tsconfig's paths. Like every no-cycle rule, it does
  // not count type-only imports (they are erased, so they cannot break module initialisation order).
  {
    files: ['**/*.{ts,tsx,mts,mjs,js}'],
    plugins: { 'import-x': importX },
    settings: {
      // Which files import-x reads to follow imports, and with which parser.
      'import-x/extensions': ['.ts', '.tsx', '.mts', '.mjs', '.js'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx', '.mts'] },
      'import-x/resolver-next': [
        createNodeResolver({
          extensions: ['.ts', '.tsx', '.mts', '.mjs', '.js', '.json'],
          tsconfig: { configFile: path.join(import.meta.dirname, 'tsconfig.json') },
        }),
      ],
    },
    rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] },
  },
  // Formatting is Prettier's job (npm run format); turn off the stylistic rules it owns.
  prettier,
];

export default config;
