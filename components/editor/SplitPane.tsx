"use client";
import { useRef, useState } from "react";

const MIN = 20;
const MAX = 80;
const clamp = (n: number) => Math.min(MAX, Math.max(MIN, n));

/** Two panes side by side with a divider that drags (pointer) or moves with the arrow keys. */
export function SplitPane({ left, right, initial = 55 }: { left: React.ReactNode; right: React.ReactNode; initial?: number }) {
  const [pct, setPct] = useState(initial);
  const [dragging, setDragging] = useState(false);
  const containerRef = useRef<HTMLDivElement>(null);

  function moveTo(clientX: number) {
    const rect = containerRef.current?.getBoundingClientRect();
    if (!rect || rect.width === 0) return;
    setPct(clamp(((clientX - rect.left) / rect.width) * 100));
  }

  return (
    <div className="split" ref={containerRef} style={dragging ? { userSelect: "none", cursor: "col-resize" } : undefined}>
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
        }}
        onKeyDown={(e) => {
          if (e.key === "ArrowLeft") setPct((p) => clamp(p - 2));
          else if (e.key === "ArrowRight") setPct((p) => clamp(p + 2));
          else return;
          e.preventDefault();
        }}
      />
      <div className="pane" style={{ flex: 1 }}>
        {right}
      </div>
    </div>
  );
}
