/** Seeds the end-to-end database exactly as `npm run demo` seeds the demo one. */
import { seedDemo } from "../lib/demo/seed-demo";
import { db } from "../lib/db/client";

seedDemo({ log: (line) => process.stdout.write(`${line}\n`) })
  .then(() => db().$disconnect())
  .catch((error: unknown) => {
    process.stderr.write(`seed-e2e: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
