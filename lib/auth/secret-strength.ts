/**
 * Why a session secret is too weak to sign production sessions, or null when it is acceptable.
 * Whoever knows the secret can forge any session offline (an admin's included), so it must be
 * long and random (RFC 7518 §3.2: an HMAC key at least as long as the hash, 256 bits for HS256).
 * Refused: under 32 characters; a known or example string; one character or a short pattern
 * repeated; fewer than MIN_ESTIMATED_BITS of estimated entropy (length × the Shannon entropy of
 * its own character frequencies, a cheap upper-bound-ish estimate that catches low-variety
 * strings: `openssl rand -base64 32` scores ~220 bits, 32 × "a" scores 0).
 */
export const MIN_SECRET_LENGTH = 32;
export const MIN_ESTIMATED_BITS = 96;

/** Secrets published somewhere (discern's own development and test secrets, common placeholders). */
const KNOWN_SECRETS = [
  "discern-development-secret-not-for-production-use",
  "e2e-secret-e2e-secret-e2e-secret-e2e",
  "changeme",
  "change-me",
  "secret",
  "nextauth-secret",
  "your-secret-here",
  "replace-me",
  "password",
  "supersecret",
];

/** Bits estimated from character frequencies: length × Σ −p·log2(p). */
export function estimatedEntropyBits(value: string): number {
  const counts = new Map<string, number>();
  for (const char of value) counts.set(char, (counts.get(char) ?? 0) + 1);
  const length = [...value].length;
  let perChar = 0;
  for (const count of counts.values()) {
    const p = count / length;
    perChar -= p * Math.log2(p);
  }
  return perChar * length;
}

/** The shortest block whose repetition makes `value` (itself when it is not a repetition). */
function repeatedBlock(value: string): string {
  for (let size = 1; size <= value.length / 2; size += 1) {
    if (value.length % size !== 0) continue;
    const block = value.slice(0, size);
    if (block.repeat(value.length / size) === value) return block;
  }
  return value;
}

export function secretWeakness(secret: string): string | null {
  if (secret.length < MIN_SECRET_LENGTH) return `it is shorter than ${MIN_SECRET_LENGTH} characters`;
  const lower = secret.toLowerCase();
  if (KNOWN_SECRETS.some((known) => lower === known || (known.length >= 6 && lower.includes(known) && estimatedEntropyBits(lower.replace(known, "")) < MIN_ESTIMATED_BITS))) {
    return "it is a published or placeholder value";
  }
  const block = repeatedBlock(secret);
  if (block.length < secret.length) return `it is "${block.length === 1 ? "one character" : `a ${block.length}-character pattern`}" repeated`;
  const bits = estimatedEntropyBits(secret);
  if (bits < MIN_ESTIMATED_BITS) return `it has about ${Math.floor(bits)} bits of entropy, under ${MIN_ESTIMATED_BITS} (generate one with \`openssl rand -base64 32\`)`;
  return null;
}
