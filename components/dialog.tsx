"use client";

import { useEffect, useId, useRef, type ReactNode } from "react";

type DialogProps = {
  open: boolean;
  title: string;
  /** Called for Escape and the close button; omit to make the dialog impossible to dismiss by accident. */
  onDismiss?: () => void;
  children: ReactNode;
  wide?: boolean;
};

/**
 * A modal on the native <dialog>: the browser traps focus, restores it on close and makes the
 * page behind inert. Clicks outside never close it; Escape closes it only when dismissable.
 */
export function Dialog({ open, title, onDismiss, children, wide }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const opener = useRef<HTMLElement | null>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
      dialog.showModal();
    }
    if (!open && dialog.open) dialog.close();
  }, [open]);
  // The page behind stays put while a dialog is open: one scroll area, the dialog's (on a phone the
  // page would otherwise scroll under the finger, and scrolling past the dialog's end moves it).
  useEffect(() => {
    if (!open) return;
    const root = document.documentElement;
    const before = root.style.overflow;
    root.style.overflow = "hidden";
    return () => {
      root.style.overflow = before;
    };
  }, [open]);
  // Pages unmount their dialogs rather than close them, which skips the browser's own focus
  // restore: give focus back to what opened it, or to the page's main content when that is gone.
  useEffect(
    () => () => {
      const target = opener.current;
      if (target?.isConnected && target.checkVisibility()) target.focus();
      else document.getElementById("main")?.focus();
    },
    [],
  );

  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        onDismiss?.();
      }}
      className={`m-auto w-[calc(100%-2rem)] ${wide ? "max-w-3xl" : "max-w-lg"} rounded-lg border border-slate-200 bg-white p-0 text-slate-900 shadow-xl backdrop:bg-black/50`}
    >
      {open && (
        <div className="flex max-h-[85vh] flex-col gap-4 overflow-y-auto overscroll-contain p-4 sm:p-6">
          <h2 id={titleId} className="text-lg font-semibold">
            {title}
          </h2>
          {children}
        </div>
      )}
    </dialog>
  );
}
