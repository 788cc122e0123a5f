/** Signed snapshots (issue 12.3): a signed reading's values frozen at signing, with their models. */
export { ZSignedSnapshot, ZSnapshotValue, type TSignedSnapshot, type TSnapshotValue, type TSnapshotModel } from "./schema";
export { canonicalJson, canonicalSha256 } from "./canonical-json";
export { freezeReading, type FreezeReadingOptions } from "./freeze-reading";
export { readSnapshot, snapshotLevels } from "./read-snapshot";
