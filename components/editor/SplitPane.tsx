"use client";
import { useEffect, useRef, useState } from "react";

const MIN = 20;
const MAX = 80;
const clamp = (n: number) => Math.min(MAX, Math.max(MIN, n));

/** The stored split (a percentage), or undefined when there is none or it is not a number. */
function readStored(key: string | undefined): number | undefined {
  if (!key) return undefined;
  try {
    const n = Number(window.localStorage.getItem(key));
    return window.localStorage.getItem(key) !== null && Number.isFinite(n) ? clamp(n) : undefined;
  } catch {
    return undefined; // storage disabled: the split is simply not remembered
  }
}

function store(key: string | undefined, pct: number) {
  if (!key) return;
  try {
    window.localStorage.setItem(key, pct.toFixed(1));
  } catch {
    // storage full or disabled: not remembering the split is harmless
  }
}

/**
 * Two panes side by side with a divider that drags (pointer) or moves with the arrow keys. With
 * `storageKey` the chosen split is remembered in localStorage across reloads.
 */
export function SplitPane({
  left,
  right,
  initial = 55,
  storageKey,
}: {
  left: React.ReactNode;
  right: React.ReactNode;
  initial?: number;
  storageKey?: string;
}) {
  const [pct, setPct] = useState(initial);
  const [dragging, setDragging] = useState(false);
  const containerRef = useRef<HTMLDivElement>(null);
  const pctRef = useRef(pct);
  pctRef.current = pct;

  // After hydration (the server cannot know the stored split).
  useEffect(() => {
    const stored = readStored(storageKey);
    if (stored !== undefined) setPct(stored);
  }, [storageKey]);

  function moveTo(clientX: number) {
    const rect = containerRef.current?.getBoundingClientRect();
    if (!rect || rect.width === 0) return;
    setPct(clamp(((clientX - rect.left) / rect.width) * 100));
  }

  return (
    <div
      className="split"
      ref={containerRef}
      style={dragging ? { userSelect: "none", cursor: "col-resize" } : undefined}
    >
      <div className="pane" style={{ flexBasis: `${pct}%`, flexGrow: 0, flexShrink: 0 }}>
        {left}
      </div>
      <div
        className="divider"
        role="separator"
        aria-orientation="vertical"
        aria-label="Resize editor and preview"
        aria-valuemin={MIN}
        aria-valuemax={MAX}
        aria-valuenow={Math.round(pct)}
        tabIndex={0}
        data-dragging={dragging}
        data-testid="split-divider"
        onPointerDown={(e) => {
          e.currentTarget.setPointerCapture(e.pointerId);
          setDragging(true);
        }}
        onPointerMove={(e) => {
          if (dragging) moveTo(e.clientX);
        }}
        onPointerUp={(e) => {
          e.currentTarget.releasePointerCapture(e.pointerId);
          setDragging(false);
          store(storageKey, pctRef.current);
        }}
        onKeyDown={(e) => {
          let next: number;
          if (e.key === "ArrowLeft") next = clamp(pct - 2);
          else if (e.key === "ArrowRight") next = clamp(pct + 2);
          else if (e.key === "Home") next = MIN;
          else if (e.key === "End") next = MAX;
          else return;
          e.preventDefault();
          setPct(next);
          store(storageKey, next);
        }}
      />
      <div className="pane" style={{ flex: 1 }}>
        {right}
      </div>
    </div>
  );
}
