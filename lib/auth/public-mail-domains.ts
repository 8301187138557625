import publicMailDomains from "email-providers/all.json";

// Addresses at these are not one organization's people (email-providers: some 8,700 free and
// public mail domains), so no organization may claim them for single sign-on, proof or not.
const PUBLIC = new Set<string>(publicMailDomains);

export function isPublicMailDomain(domain: string): boolean {
  return PUBLIC.has(domain.toLowerCase());
}
