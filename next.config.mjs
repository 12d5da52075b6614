/** @type {import('next').NextConfig} */
const nextConfig = {
  // client-node loads native-ish modules (ws, openid-client) that must not be bundled.
  serverExternalPackages: ['@kubernetes/client-node'],
  poweredByHeader: false,
  reactStrictMode: true,
};

export default nextConfig;
