/**
 * Interactive-transaction limits for annotation writes. Prisma's default (5 s) is too short on a
 * loaded 2-core machine for a study's worth of predictions; row locks keep the work serialised.
 */
export const LONG_TRANSACTION = { maxWait: 20_000, timeout: 60_000 } as const;
