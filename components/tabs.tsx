"use client";

import { useRef, type KeyboardEvent } from "react";
import { cx } from "./ui";

type TabsProps<T extends string> = {
  label: string;
  tabs: readonly { id: T; label: string }[];
  selected: T;
  onSelect: (id: T) => void;
  /** The id of the element each tab controls (its panel). */
  panelId: (id: T) => string;
  tabId: (id: T) => string;
  className?: string;
  tabClassName: (selected: boolean) => string;
};

/**
 * A WAI-ARIA tab list: one tab in the tab order (roving tabindex), arrow keys move between tabs
 * and select them, Home and End go to the first and last.
 */
export function Tabs<T extends string>({
  label,
  tabs,
  selected,
  onSelect,
  panelId,
  tabId,
  className,
  tabClassName,
}: TabsProps<T>) {
  const refs = useRef(new Map<T, HTMLButtonElement>());

  function move(event: KeyboardEvent) {
    const index = tabs.findIndex((tab) => tab.id === selected);
    const next = {
      ArrowRight: (index + 1) % tabs.length,
      ArrowLeft: (index + tabs.length - 1) % tabs.length,
      Home: 0,
      End: tabs.length - 1,
    }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    const id = tabs[next]!.id;
    onSelect(id);
    refs.current.get(id)?.focus();
  }

  return (
    <div role="tablist" aria-label={label} onKeyDown={move} className={className}>
      {tabs.map((tab) => (
        <button
          key={tab.id}
          ref={(element) => {
            if (element) refs.current.set(tab.id, element);
            else refs.current.delete(tab.id);
          }}
          type="button"
          role="tab"
          id={tabId(tab.id)}
          aria-selected={tab.id === selected}
          aria-controls={panelId(tab.id)}
          tabIndex={tab.id === selected ? 0 : -1}
          onClick={() => onSelect(tab.id)}
          className={cx(tabClassName(tab.id === selected))}
        >
          {tab.label}
        </button>
      ))}
    </div>
  );
}
