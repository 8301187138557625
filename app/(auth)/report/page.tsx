import type { Metadata } from "next";
import { ReportLeakForm } from "@/components/report-leak-form";

export const metadata: Metadata = { title: "Report a leaked secret" };

/** Open to anyone: whoever found a Keyway secret where it should not be can stop it here. */
export default function ReportPage() {
  return <ReportLeakForm />;
}
