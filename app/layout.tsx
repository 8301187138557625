import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Keyway", template: "%s · Keyway" },
  description: "API tokens and an MCP endpoint for your team's agents.",
  icons: { icon: "/icon.svg", apple: "/apple-touch-icon.png" },
};

// Every page is rendered per request: its scripts carry the CSP nonce of that response (proxy.ts),
// which a page prerendered at build time could not; and no build reads or generates secrets.
export const dynamic = "force-dynamic";

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen font-sans">{children}</body>
    </html>
  );
}
