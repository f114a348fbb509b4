/**
 * The password and user-name rules, checked before the auth library sees a value so that the CLI,
 * the people page and the sign-in form give the same one-line reasons. Pure (the browser imports it).
 *
 * Passwords: at least 10 characters (length is what makes a password hard to guess; no composition
 * rules), at most 128 (the auth library's limit), not only spaces, and not the user name itself.
 */

export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 128;

/** Why a password is refused, or null when it is acceptable. */
export function passwordProblem(password: string, username?: string): string | null {
  if (password.length < PASSWORD_MIN) return `the password must be at least ${PASSWORD_MIN} characters`;
  if (password.length > PASSWORD_MAX) return `the password must be at most ${PASSWORD_MAX} characters`;
  if (password.trim() === '') return 'the password cannot be only spaces';
  if (username && password.toLowerCase() === username.toLowerCase()) return 'the password cannot be the user name';
  return null;
}

export const USERNAME_MIN = 2;
export const USERNAME_MAX = 32;
const USERNAME_RE = /^[a-z0-9][a-z0-9._-]*$/;

/** User names are stored lower-case: letters, digits, dot, dash and underscore, starting with a letter or digit. */
export function normalizeUsername(name: string): string {
  return name.trim().toLowerCase();
}

export function usernameProblem(name: string): string | null {
  const n = normalizeUsername(name);
  if (n.length < USERNAME_MIN) return `a user name has at least ${USERNAME_MIN} characters`;
  if (n.length > USERNAME_MAX) return `a user name has at most ${USERNAME_MAX} characters`;
  if (!USERNAME_RE.test(n))
    return 'a user name uses letters, digits, dot, dash and underscore, and starts with a letter or digit';
  return null;
}
