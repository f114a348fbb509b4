/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native and wasm-backed packages are loaded by Node at run time, not bundled.
  serverExternalPackages: [
    'better-sqlite3',
    '@prisma/adapter-better-sqlite3',
    '@huggingface/transformers',
    'onnxruntime-node',
    'sharp',
    'hyparquet',
    'hyparquet-writer',
    'hyparquet-compressors',
  ],
  experimental: {
    serverActions: { bodySizeLimit: '2mb' },
    // forbidden() and app/forbidden.tsx: a page the signed-in role may not see answers 403.
    authInterrupts: true,
  },
  // Sift's pages are never framed (clickjacking a signed-in reviewer) and send no referrer elsewhere.
  async headers() {
    return [
      {
        source: '/:path*',
        headers: [
          { key: 'X-Frame-Options', value: 'DENY' },
          { key: 'Content-Security-Policy', value: "frame-ancestors 'none'" },
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          { key: 'Referrer-Policy', value: 'same-origin' },
        ],
      },
    ];
  },
  poweredByHeader: false,
  // `npm test` runs tsc --noEmit over the whole project first; checking again in the build only costs time.
  typescript: { ignoreBuildErrors: true },
  typedRoutes: false,
};

export default nextConfig;
