import { seedPhantomStudy } from "./seed-phantom-study";

/** Phantom seeds of the review demo: the e2e journey signs the first, the conflict test edits the second. */
export const REVIEW_DEMO_SEEDS = [101, 102] as const;

/**
 * Pre-annotated phantom studies for the demo and the e2e suite (patient IDs PH000101, PH000102),
 * their AI reading made from the phantom's truth under the "phantom-truth" model version.
 * Idempotent.
 */
export async function seedReviewDemo(options: { log: (line: string) => void }): Promise<void> {
  for (const seed of REVIEW_DEMO_SEEDS) {
    const seeded = await seedPhantomStudy({ seed, variant: "standard" });
    if (seeded.ai.created) options.log(`Seeded pre-annotated phantom study ${seed} (${seeded.ai.annotations} AI annotations, model phantom-truth).`);
  }
}
