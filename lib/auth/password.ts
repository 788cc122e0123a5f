import bcrypt from "bcryptjs";

const COST = 10;

export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, COST);
}

export function verifyPassword(password: string, hash: string): Promise<boolean> {
  return bcrypt.compare(password, hash);
}

/** The demo password; a production start refuses any account that still has it. */
export const DEMO_PASSWORD = "discern-demo";

export const MIN_PASSWORD_LENGTH = 10;
