"use client";
import { useEffect } from "react";

/** Closes the top bar's <details> menus on a click outside them or on Escape, like menus do. */
export function MenuDismiss() {
  useEffect(() => {
    function closeAll(except?: Node | null) {
      document.querySelectorAll<HTMLDetailsElement>("details.menu[open]").forEach((menu) => {
        if (!except || !menu.contains(except)) menu.open = false;
      });
    }
    const onClick = (e: MouseEvent) => closeAll(e.target as Node | null);
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape") closeAll();
    };
    document.addEventListener("click", onClick);
    document.addEventListener("keydown", onKey);
    return () => {
      document.removeEventListener("click", onClick);
      document.removeEventListener("keydown", onKey);
    };
  }, []);
  return null;
}
