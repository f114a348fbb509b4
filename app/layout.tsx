import type { Metadata } from 'next';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { Nav } from '@/components/shell/nav';
import { getActorView } from '@/lib/auth/session';
import { UserMenu } from './_shared/auth/user-menu';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Sift', template: '%s · Sift' },
  description: 'Turn LLM agent rollouts into training data, on your own machine.',
  // Served from public/. The .ico (16, 32 and 48 px) is for browsers and pages without the SVG
  // link; `sizes` keeps Chromium from preferring it over the SVG.
  icons: {
    icon: [
      { url: '/favicon.ico', sizes: '32x32' },
      { url: '/icon.svg', type: 'image/svg+xml' },
    ],
  },
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Display only: each page checks the session itself (lib/auth/session.ts requirePageRole).
  const actor = await getActorView();
  return (
    <html lang="en">
      <body className="min-h-screen font-sans antialiased">
        <header className="sticky top-0 z-30 border-b border-zinc-200 bg-white/90 backdrop-blur dark:border-zinc-800 dark:bg-zinc-900/90">
          <div className="mx-auto flex h-12 max-w-[1400px] items-center gap-6 px-4">
            <Link href="/datasets" className="flex items-center gap-2 font-semibold tracking-tight">
              <span
                aria-hidden
                className="inline-block h-5 w-5 rounded bg-gradient-to-br from-indigo-500 to-emerald-500"
              />
              Sift
            </Link>
            {actor && <Nav />}
            <UserMenu actor={actor} />
          </div>
        </header>
        <main className="mx-auto max-w-[1400px] px-4 py-6">{children}</main>
      </body>
    </html>
  );
}
