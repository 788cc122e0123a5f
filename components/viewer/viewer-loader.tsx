"use client";

import dynamic from "next/dynamic";
import type { TStudyView } from "@/lib/review/study-view";

/** konva needs the browser: the viewer loads on the client only. */
const ViewerApp = dynamic(() => import("./viewer-app").then((m) => m.ViewerApp), { ssr: false, loading: () => <p className="muted" style={{ padding: 12 }}>Loading viewer…</p> });

/** @param userId keys the reader's remembered layout (localStorage, components/viewer/use-layout.ts). */
export function ViewerLoader({ view, userId }: { view: TStudyView; userId: string }) {
  return <ViewerApp initialView={view} userId={userId} />;
}
