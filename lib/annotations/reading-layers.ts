import type { Reading } from "@prisma/client";
import type { TDb, TTx } from "../db/client";
import { AppError } from "../errors/app-error";

export interface TReadingLayers {
  reading: Reading;
  /** The study's current AI reading (newest not superseded), null before the pipeline ran. */
  aiReadingId: string | null;
  /**
   * Reading ids from the bottom layer to the top: the AI reading, then the signed readings this
   * one amends (oldest first), then this reading. What a reader sees of an annotation is the head
   * of the topmost layer that has it.
   */
  layerIds: string[];
}

/**
 * The layers a reading's view is made of (see TReadingLayers); NOT_FOUND for an unknown reading.
 * The AI layer is the one the reading was frozen on at signing (Reading.aiReadingId), else the
 * one the nearest signed reading it amends was frozen on, else the study's current AI reading:
 * a later AI run never changes what a signed reading (or an amendment of it) shows.
 */
export async function readingLayers(client: TDb | TTx, readingId: string): Promise<TReadingLayers> {
  const reading = await client.reading.findUnique({ where: { id: readingId } });
  if (!reading) throw new AppError("NOT_FOUND", { userMessage: "This reading does not exist." });
  if (reading.role === "AI") return { reading, aiReadingId: reading.id, layerIds: [reading.id] };

  const chain: string[] = [reading.id];
  let pinned = reading.aiReadingId;
  let amendsId = reading.amendsId;
  for (let depth = 0; amendsId && depth < 100; depth++) {
    chain.unshift(amendsId);
    const previous: { amendsId: string | null; aiReadingId: string | null } | null = await client.reading.findUnique({ where: { id: amendsId }, select: { amendsId: true, aiReadingId: true } });
    pinned ??= previous?.aiReadingId ?? null;
    amendsId = previous?.amendsId ?? null;
  }
  const aiId = pinned ?? (await currentAiReading(client, reading.studyId))?.id ?? null;
  return { reading, aiReadingId: aiId, layerIds: aiId ? [aiId, ...chain] : chain };
}

/** The newest AI reading of a study that a later pipeline run has not superseded. */
export async function currentAiReading(client: TDb | TTx, studyId: string): Promise<Reading | null> {
  return client.reading.findFirst({ where: { studyId, role: "AI", status: { not: "SUPERSEDED" } }, orderBy: { createdAt: "desc" } });
}
