/** @type {import('next').NextConfig} */
const nextConfig = {
  // client-node loads native-ish modules (ws, openid-client) that must not be bundled.
  serverExternalPackages: ['@kubernetes/client-node'],
  poweredByHeader: false,
  reactStrictMode: true,
  // Static files bypass proxy.ts: they get the same framing, sniffing and referrer headers here.
  async headers() {
    return [
      {
        source: '/:path*',
        headers: [
          { key: 'X-Frame-Options', value: 'DENY' },
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          { key: 'Referrer-Policy', value: 'no-referrer' },
        ],
      },
    ];
  },
};

export default nextConfig;
