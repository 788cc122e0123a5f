import bcrypt from "bcryptjs";

const COST = 10;

export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, COST);
}

export function verifyPassword(password: string, hash: string): Promise<boolean> {
  return bcrypt.compare(password, hash);
}

/**
 * What an unknown account's password is compared against, so that a login with an unknown email
 * costs the same bcrypt work (COST rounds) as one with a known email: the answer's timing does
 * not tell which accounts exist. The hash of 32 random bytes that were thrown away; nothing
 * matches it, and authenticate refuses without a user anyway.
 */
export const UNKNOWN_ACCOUNT_HASH = "$2b$10$1c6ua1sP1GbfqXcSB.vpLuzQpyxl0g4K4BFcA5O9sfRTpGEaV9QZy";

/** The demo password; a production start refuses any account that still has it. */
export const DEMO_PASSWORD = "discern-demo";

export const MIN_PASSWORD_LENGTH = 10;
