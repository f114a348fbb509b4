/**
 * The auth library's HTTP endpoints, mounted at /api/auth/* for the few a browser or script needs:
 * reading one's session and signing out. Everything else the library could serve (sign-up, user
 * name availability, email flows, its admin and API-key endpoints) answers 404: Sift signs in
 * through its own server action (with a throttle) and manages people and keys through lib/auth.
 */
import { authHttpHandler } from '../db/auth';
import { errorBody } from '../errors';

const ALLOWED: Record<string, string[]> = {
  '/api/auth/get-session': ['GET'],
  '/api/auth/sign-out': ['POST'],
};

export async function handleAuthRequest(request: Request): Promise<Response> {
  const { pathname } = new URL(request.url);
  const methods = ALLOWED[pathname.replace(/\/+$/, '')];
  if (!methods?.includes(request.method.toUpperCase()))
    return Response.json(errorBody('validation', `No such endpoint: ${request.method} ${pathname}`), { status: 404 });
  return authHttpHandler()(request);
}
