import { describe, expect, it } from "vitest";
import { sortWorklist, workGroup, type TOrderRow } from "@/lib/review/worklist-order";

const row = (id: string, o: Partial<TOrderRow>): TOrderRow & { id: string } => ({ id, mine: null, reviewState: "PRE_ANNOTATED", severity: 0, uncertainty: 0, updatedAt: "2026-11-30T08:00:00Z", ...o });

describe("worklist order (my studies first)", () => {
  const rows = [
    row("signed-severe", { reviewState: "SIGNED", severity: 9 }),
    row("other-mild", { severity: 1 }),
    row("mine-in-progress", { mine: "IN_PROGRESS", reviewState: "IN_REVIEW" }),
    row("other-severe", { severity: 4 }),
    row("mine-unread", { mine: "ASSIGNED" }),
  ];

  it("groups: my unread, my in progress, others to read, signed last", () => {
    expect(rows.map(workGroup)).toEqual([3, 2, 1, 2, 0]);
    expect(sortWorklist(rows, "mine").map((r) => r.id)).toEqual(["mine-unread", "mine-in-progress", "other-severe", "other-mild", "signed-severe"]);
  });

  it("within a group the longer-waiting study comes first at equal severity", () => {
    const a = row("newer", { updatedAt: "2026-11-30T09:00:00Z" });
    const b = row("older", { updatedAt: "2026-11-29T09:00:00Z" });
    expect(sortWorklist([a, b], "mine").map((r) => r.id)).toEqual(["older", "newer"]);
  });

  it("the explicit sorts ignore ownership", () => {
    expect(sortWorklist(rows, "severity").map((r) => r.id)).toEqual(["signed-severe", "other-severe", "other-mild", "mine-in-progress", "mine-unread"]);
    const d = [row("old", { updatedAt: "2026-01-01T00:00:00Z" }), row("new", { updatedAt: "2026-06-01T00:00:00Z" })];
    expect(sortWorklist(d, "date").map((r) => r.id)).toEqual(["new", "old"]);
  });

  it("does not mutate its input", () => {
    const copy = [...rows];
    sortWorklist(rows, "mine");
    expect(rows).toEqual(copy);
  });
});
