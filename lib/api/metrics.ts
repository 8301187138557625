import { hashesEqual, hashSecret } from "../auth/secret-hash";
import { requireBearerToken } from "./bearer";
import { config } from "../config";
import { DomainError } from "../errors";
import { metrics } from "../metrics/metrics";

/**
 * The Prometheus exposition, for whoever holds METRICS_TOKEN (compared in constant time). Without
 * one configured the endpoint does not exist: metrics are off by default.
 */
export async function readMetrics(authorization: string | null) {
  const { metricsToken } = config();
  if (!metricsToken) throw new DomainError("not_found", "Metrics are off; set METRICS_TOKEN to serve them.");
  const token = requireBearerToken(authorization, "user");
  if (!hashesEqual(hashSecret(token), hashSecret(metricsToken))) {
    throw new DomainError("invalid_token", "Invalid metrics token", { credential: "user" });
  }
  const { registry } = metrics();
  return { body: await registry.metrics(), contentType: registry.contentType };
}
