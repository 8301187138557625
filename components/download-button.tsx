"use client";

import { Download } from "lucide-react";
import { Button } from "./ui";

/** Saves `text` as a file named `filename`, made in the browser (the secret never goes anywhere else). */
export function DownloadButton({ text, filename, label }: { text: string; filename: string; label: string }) {
  function save() {
    const url = URL.createObjectURL(new Blob([text], { type: "text/plain;charset=utf-8" }));
    const link = document.createElement("a");
    link.href = url;
    link.download = filename;
    link.click();
    URL.revokeObjectURL(url);
  }
  return (
    <Button variant="secondary" onClick={save} aria-label={label}>
      <Download aria-hidden className="size-4" />
      Download
    </Button>
  );
}
