import { db } from "../db/client";
import { seedPipelineDemo } from "../jobs/seed-pipeline-demo";
import { ensureActiveModels } from "../models/ensure-active-models";
import { seedSupervisionDemo } from "../supervision/seed-supervision-demo";
import { seedReviewDemo } from "../review/seed-review-demo";
import { seedDemoUsers } from "../users/seed-demo-users";

/**
 * Demo data: the four demo logins, then demo studies (phantoms imported and pre-annotated) once
 * the phantom generator and the importer are there. Idempotent: a second run adds nothing.
 */
export async function seedDemo(options: { log: (line: string) => void }): Promise<void> {
  const created = await seedDemoUsers(db());
  if (created > 0) options.log(`Seeded ${created} demo users.`);
  // The model registry starts from the committed models/ (one active version per task), before
  // any demo study is pre-annotated by the registry's active versions.
  await ensureActiveModels(options);
  await seedReviewDemo(options);
  await seedSupervisionDemo(options);
  await seedPipelineDemo(options);
}
