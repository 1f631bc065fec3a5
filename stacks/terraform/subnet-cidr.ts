/**
 * The `index`-th subnet of `cidr` with `newBits` more prefix bits, like Terraform's cidrsubnet(),
 * computed here so the subnets in cdk.tf.json are literal and reviewable.
 */
export function subnetCidr(cidr: string, newBits: number, index: number): string {
  const match = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\/(\d+)$/.exec(cidr);
  if (!match) throw new RangeError(`not an IPv4 CIDR block: ${cidr}`);
  const octets = match.slice(1, 5).map(Number);
  const prefix = Number(match[5]);
  const newPrefix = prefix + newBits;
  if (octets.some((o) => o > 255) || newPrefix > 32 || index < 0 || index >= 2 ** newBits) {
    throw new RangeError(`${cidr} has no subnet ${index} of /${newPrefix}`);
  }
  const base = octets.reduce((acc, o) => acc * 256 + o, 0);
  const address = base + index * 2 ** (32 - newPrefix);
  const parts = [24, 16, 8, 0].map((shift) => Math.floor(address / 2 ** shift) % 256);
  return `${parts.join('.')}/${newPrefix}`;
}
