/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native DuckDB bindings must be loaded by Node, not bundled. protobufjs (OTLP decoding) loads
  // its optional `long` module with a dynamic require a bundler cannot follow; without it 64-bit
  // OTLP integers would be decoded as lossy doubles.
  serverExternalPackages: ['@duckdb/node-api', '@duckdb/node-bindings', '@opentelemetry/otlp-transformer', 'protobufjs'],
  poweredByHeader: false,
  reactStrictMode: true,
  // `npm run typecheck` checks every file once; the build need not do it again.
  typescript: { ignoreBuildErrors: true },
  async headers() {
    return [
      {
        source: '/:path*',
        headers: [
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          { key: 'X-Frame-Options', value: 'DENY' },
          { key: 'Referrer-Policy', value: 'same-origin' },
        ],
      },
    ];
  },
};

export default nextConfig;
