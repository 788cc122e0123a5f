export * from "./truth";
export { generateStudy, type GenerateStudyOptions, type GeneratedStudy, type GeneratedFile } from "./generate-study";
export { VARIANTS, DEFAULT_CLASS_MIX, isVariant, resolveOptions, type PhantomOptions, type TVariant } from "./options";
export { createRng, type Rng } from "./prng";
export { createUidGenerator } from "./uid";
export { plannedInstanceMeta } from "./planned-meta";
