/**
 * The auth library's instance (better-auth), built on this folder's Prisma client: accounts,
 * server-side sessions, roles and API keys live in the User, Session, Account, Verification and
 * Apikey tables of prisma/schema.prisma. lib/auth/ is the only caller; nothing else talks to
 * better-auth (an ESLint boundary, eslint.config.mjs).
 *
 * Offline by construction: no social providers, no email, and telemetry off twice over (the option,
 * and the environment variable the library would otherwise read as an opt-in); the library sends
 * telemetry only to an endpoint named by BETTER_AUTH_TELEMETRY_ENDPOINT, which we clear too.
 */
import crypto from 'node:crypto';
import { betterAuth } from 'better-auth';
import { APIError } from 'better-auth/api';
import { prismaAdapter } from 'better-auth/adapters/prisma';
import { nextCookies, toNextJsHandler } from 'better-auth/next-js';
import { admin, username } from 'better-auth/plugins';
import { createAccessControl } from 'better-auth/plugins/access';
import { adminAc, defaultStatements } from 'better-auth/plugins/admin/access';
import { apiKey } from '@better-auth/api-key';
import { CAPABILITIES, ROLES, capabilityList, type Role } from '../auth/roles';
import { PASSWORD_MAX, PASSWORD_MIN, USERNAME_MAX, USERNAME_MIN, usernameProblem } from '../auth/password';
import { getEnv } from '../env';
import { getDb } from './client';

/** Sessions last a week and slide forward once a day while used. */
export const SESSION_DAYS = 7;
/** The prefix of every API key Sift issues, so a leaked key is recognisable. */
export const API_KEY_PREFIX = 'sift_';

/** Better-auth's access control, built from lib/auth/roles.ts's one table. */
const statements = { ...defaultStatements, sift: CAPABILITIES } as const;
const ac = createAccessControl(statements);
function acRole(role: Role) {
  const admin = role === 'admin';
  return ac.newRole({
    sift: capabilityList(role),
    user: admin ? [...adminAc.statements.user] : [],
    session: admin ? [...adminAc.statements.session] : [],
  });
}
const acRoles = Object.fromEntries(ROLES.map((r) => [r, acRole(r)])) as Record<string, ReturnType<typeof acRole>>;

const SECRET_KEY = 'auth.secret';

/**
 * The secret that signs session cookies: random, made on first use and kept in the Setting table
 * (whoever can read the database can read the sessions in it anyway).
 */
function authSecret(): string {
  const { raw } = getDb();
  const row = raw.prepare('SELECT value FROM "Setting" WHERE key = ?').get(SECRET_KEY) as { value: string } | undefined;
  if (row) return row.value;
  raw
    .prepare('INSERT OR IGNORE INTO "Setting" (key, value) VALUES (?, ?)')
    .run(SECRET_KEY, crypto.randomBytes(32).toString('base64url'));
  return (raw.prepare('SELECT value FROM "Setting" WHERE key = ?').get(SECRET_KEY) as { value: string }).value;
}

/** The library logs wrong passwords and bad API keys as warnings and errors; those are answers, not faults. */
function logAuth(level: string, message: string): void {
  if (/invalid|not found|failed to validate api key/i.test(message)) return;
  console.error(`sift auth ${level}: ${message}`);
}

function buildAuth() {
  const env = getEnv();
  // The library treats this variable as an opt-in that overrides `telemetry.enabled`; Sift never phones home.
  delete process.env.BETTER_AUTH_TELEMETRY;
  delete process.env.BETTER_AUTH_TELEMETRY_ENDPOINT;
  return betterAuth({
    appName: 'Sift',
    secret: authSecret(),
    // Sift may be reached by any name or address (localhost, a LAN IP, a host name): the library
    // takes the origin from each request's Host. Its origin checks then mean "same origin".
    baseURL: env.publicUrl ?? { allowedHosts: ['*'], protocol: 'http', fallback: `http://127.0.0.1:${env.port}` },
    database: prismaAdapter(getDb().prisma, { provider: 'sqlite' }),
    telemetry: { enabled: false },
    logger: { level: 'error', log: logAuth },
    emailAndPassword: {
      enabled: true,
      disableSignUp: true, // accounts are made by an admin (sift users add, /settings/people)
      minPasswordLength: PASSWORD_MIN,
      maxPasswordLength: PASSWORD_MAX,
    },
    session: {
      expiresIn: SESSION_DAYS * 24 * 60 * 60,
      updateAge: 24 * 60 * 60,
      // Every request reads the Session row, so revoking a session (or removing a user) takes effect at once.
      cookieCache: { enabled: false },
    },
    advanced: {
      cookiePrefix: 'sift',
      // httpOnly and SameSite=Lax are the library's defaults; Secure only when Sift is served over https.
      useSecureCookies: env.publicUrl?.startsWith('https://') ?? false,
    },
    plugins: [
      username({
        minUsernameLength: USERNAME_MIN,
        maxUsernameLength: USERNAME_MAX,
        usernameValidator: (name) => usernameProblem(name) === null,
      }),
      admin({ ac, roles: acRoles, defaultRole: 'viewer', adminRoles: ['admin'] }),
      apiKey({
        defaultPrefix: API_KEY_PREFIX,
        enableMetadata: true,
        // The library's default allows 10 requests a day per key; scripts need more.
        rateLimit: { enabled: false },
        apiKeyHeaders: ['x-api-key'],
      }),
      nextCookies(), // last: lets server actions set the session cookie
    ],
  });
}

export type Auth = ReturnType<typeof buildAuth>;

const globalForAuth = globalThis as unknown as { __siftAuth?: { dbPath: string; auth: Auth } };

/** The process-wide auth instance for the current database (rebuilt when SIFT_DB changes, as in tests). */
export function getAuth(): Auth {
  const dbPath = getDb().path;
  const cur = globalForAuth.__siftAuth;
  if (cur && cur.dbPath === dbPath) return cur.auth;
  const auth = buildAuth();
  globalForAuth.__siftAuth = { dbPath, auth };
  return auth;
}

/** The library's own HTTP endpoints as Next route handlers (app/api/auth/[...all], behind lib/auth/http.ts's allowlist). */
export function authHttpHandler(): (request: Request) => Promise<Response> {
  return toNextJsHandler(getAuth()).POST;
}

/** An error the library answers a request with (wrong password, unknown user, ...), with its HTTP status. */
export function authLibraryStatus(e: unknown): number | null {
  return e instanceof APIError ? e.statusCode : null;
}
