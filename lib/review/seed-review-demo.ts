import { seedPhantomStudy } from "./seed-phantom-study";

/**
 * Phantom seeds of the review demo: the e2e journey signs the first, the conflict test edits the
 * second, the blinded double read (supervision e2e) is assigned, read, adjudicated and signed on
 * the third.
 */
export const REVIEW_DEMO_SEEDS = [101, 102, 103, 104] as const;

/**
 * Pre-annotated phantom studies for the demo and the e2e suite (patient IDs PH000101–PH000104; PH000104 is the report-findings spec's),
 * their AI reading made by the trained models through the normal pipeline job (issue 11.6: a demo
 * shows what the models do, never the phantom's truth). Idempotent.
 */
export async function seedReviewDemo(options: { log: (line: string) => void }): Promise<void> {
  for (const seed of REVIEW_DEMO_SEEDS) {
    const seeded = await seedPhantomStudy({ seed, variant: "standard", ai: "pipeline" });
    if (seeded.ai.created) options.log(`Seeded phantom study ${seed}, pre-annotated by the models (${seeded.ai.annotations} AI annotations).`);
  }
}
