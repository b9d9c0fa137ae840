// SSH public keys as the roster keeps them (`signingKey`, issue 12 item 7): "<type> <base64>", the
// first line of an OpenSSH `.pub` file without its comment. Pure: no disk, no processes.

/** The key types OpenSSH signs git commits with (`ssh-keygen -Y sign`). */
export const SSH_KEY_TYPES = [
  "ssh-ed25519",
  "ssh-rsa",
  "ecdsa-sha2-nistp256",
  "ecdsa-sha2-nistp384",
  "ecdsa-sha2-nistp521",
  "sk-ssh-ed25519@openssh.com",
  "sk-ecdsa-sha2-nistp256@openssh.com",
] as const;

/** The schema's pattern (src/schemas/people.ts): a type, a space, base64; an optional comment after. */
export const SSH_KEY_PATTERN = `^(${SSH_KEY_TYPES.map((k) => k.replaceAll(".", "\\.")).join("|")}) AAAA[A-Za-z0-9+/]+={0,3}( [^\\n]*)?$`;

export type SshKeyProblem = "empty" | "private" | "format" | "type" | "blob";

/**
 * A public key in `text` (a `.pub` file's content or the key pasted): `{ key: "<type> <base64>" }`,
 * or what is wrong with it. The base64 must decode to an SSH key blob whose first field names the
 * same type (what `ssh-keygen` checks), so a truncated or edited key is refused here, not at the
 * first commit that cannot be verified.
 */
export function parseSshPublicKey(text: string): { key: string } | { problem: SshKeyProblem } {
  const line = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .find((l) => l && !l.startsWith("#"));
  if (!line) return { problem: "empty" };
  if (/PRIVATE KEY/.test(text)) return { problem: "private" };
  const [type, data] = line.split(/\s+/);
  if (!type || !data) return { problem: "format" };
  if (!(SSH_KEY_TYPES as readonly string[]).includes(type)) return { problem: "type" };
  if (!/^AAAA[A-Za-z0-9+/]+={0,3}$/.test(data)) return { problem: "format" };
  const blob = Buffer.from(data, "base64");
  if (blob.length < 4) return { problem: "blob" };
  const n = blob.readUInt32BE(0);
  if (n !== type.length || blob.length < 4 + n + 4 || blob.subarray(4, 4 + n).toString("latin1") !== type)
    return { problem: "blob" };
  return { key: `${type} ${data}` };
}

/** The key's type and base64 (the comment dropped), for comparing and for an allowed-signers line. */
export function keyBody(key: string): string {
  return key.trim().split(/\s+/).slice(0, 2).join(" ");
}
