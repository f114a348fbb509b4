import { handleAuthRequest } from '@/lib/auth/http';

/** The auth library's endpoints (get-session, sign-out); lib/auth/http.ts lists which and why. */
export const GET = handleAuthRequest;
export const POST = handleAuthRequest;
