import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';
import prettier from 'eslint-config-prettier/flat';

// Layer rules from HOUSE_STYLE.md, enforced so nobody has to remember them.
const prismaAndDb = [
  {
    group: ['**/db', '**/db/*', '@/lib/db', '@/lib/db/*'],
    message: 'Only lib/db (and server code: app routes/actions, lib/jobs, cli) may touch the database.',
  },
  { group: ['@prisma/*', 'better-sqlite3'], message: 'Only lib/db imports Prisma or better-sqlite3.' },
];
const noUi = [
  {
    group: ['**/components/*', '@/components/*', '**/app/*', '@/app/*'],
    message: 'The data layer never imports UI code.',
  },
];
const uiAndNext = [
  {
    group: ['react', 'react-dom', 'react/*', 'next', 'next/*'],
    message: 'lib/formats and lib/curation are pure: no React or Next.',
  },
];

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
    ],
  },
  ...nextVitals,
  ...nextTs,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['lib/**'],
    ignores: ['lib/db/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@prisma/*', 'better-sqlite3', '**/db/generated/*'],
              message: 'Only lib/db imports Prisma or better-sqlite3.',
            },
            {
              group: ['**/components/*', '@/components/*', '**/app/*', '@/app/*'],
              message: 'The data layer never imports UI code.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['lib/formats/**', 'lib/curation/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...prismaAndDb,
            ...uiAndNext,
            ...noUi,
            {
              group: [
                '**/jobs/*',
                '**/tokenize/*',
                '@/lib/jobs/*',
                '@/lib/tokenize/*',
                '**/export/*',
                '@/lib/export/*',
              ],
              message: 'lib/formats and lib/curation are the bottom layer.',
            },
          ],
        },
      ],
    },
  },
  {
    // Review's pure core runs in the browser too (the review panel validates corrections as you type).
    files: ['lib/review/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...prismaAndDb,
            ...uiAndNext,
            ...noUi,
            {
              group: [
                '**/jobs/*',
                '**/tokenize/*',
                '@/lib/jobs/*',
                '@/lib/tokenize/*',
                '**/export/*',
                '@/lib/export/*',
              ],
              message: 'lib/review is pure: it may import lib/formats types, lib/curation and lib/errors.',
            },
            { group: ['node:*', 'fs', 'path', 'crypto'], message: 'lib/review is pure: it runs in the browser too.' },
          ],
        },
      ],
    },
  },
  {
    files: ['lib/export/**', 'lib/tokenize/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [...prismaAndDb, ...uiAndNext, ...noUi] }] },
  },
  {
    files: ['components/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...prismaAndDb,
            {
              group: [
                '**/jobs',
                '**/jobs/*',
                '@/lib/jobs/*',
                '**/tokenize',
                '**/tokenize/*',
                '@/lib/tokenize/*',
                '@/lib/tokenize',
              ],
              message: 'components/ never import lib/db, lib/jobs or lib/tokenize.',
            },
          ],
        },
      ],
    },
  },
  // Formatting is Prettier's job (npm run format); turn off the stylistic rules it owns.
  prettier,
];

export default config;
