// Whether a string is an IP address or CIDR range, without node:net, so the same rule runs in
// the browser (the generate form validates with the server's schema) and on the server.

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

/** 4 or 6 for an IPv4 or IPv6 address, 0 otherwise. */
export function ipFamily(address: string): 0 | 4 | 6 {
  if (IPV4.test(address)) return 4;
  if (!address.includes(":") || /[^0-9a-fA-F:.]/.test(address)) return 0;
  // The WHATWG URL parser implements RFC 4291's text forms exactly, in every runtime.
  try {
    new URL(`http://[${address}]/`);
    return 6;
  } catch {
    return 0;
  }
}

/** Why an entry of an address list is not an IP address or CIDR range, or null when it is one. */
export function addressEntryProblem(entry: string): string | null {
  const [address = "", prefix, extra] = entry.split("/");
  const family = ipFamily(address);
  const bits = prefix === undefined ? undefined : /^\d{1,3}$/.test(prefix) ? Number(prefix) : NaN;
  const maxBits = family === 6 ? 128 : 32;
  if (!family || extra !== undefined || (bits !== undefined && !(bits >= 0 && bits <= maxBits))) {
    return `"${entry}" is not an IP address or CIDR range`;
  }
  return null;
}
