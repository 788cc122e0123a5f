import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";

// Every integration test file talks to the test database and a throw-away storage root.
if (!process.env.TEST_DATABASE_URL) throw new Error("TEST_DATABASE_URL is not set: run through vitest's global setup or npm test.");
process.env.DATABASE_URL = process.env.TEST_DATABASE_URL;
process.env.DISCERN_STORAGE_ROOT ??= mkdtempSync(path.join(os.tmpdir(), "discern-storage-"));
