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
  const fields = sshStrings(Buffer.from(data, "base64"));
  if (!fields || fields.length !== FIELDS[type] || fields[0].toString("latin1") !== type)
    return { problem: "blob" };
  if (type.endsWith("ed25519") && fields[1].length !== 32) return { problem: "blob" };
  return { key: `${type} ${data}` };
}

/** How many length-prefixed fields each type's key blob holds (RFC 4253 §6.6, RFC 5656, PROTOCOL.u2f). */
const FIELDS: Record<string, number> = {
  "ssh-ed25519": 2,
  "ssh-rsa": 3,
  "ecdsa-sha2-nistp256": 3,
  "ecdsa-sha2-nistp384": 3,
  "ecdsa-sha2-nistp521": 3,
  "sk-ssh-ed25519@openssh.com": 3,
  "sk-ecdsa-sha2-nistp256@openssh.com": 4,
};

/** A blob as SSH strings (uint32 length, bytes …) ending exactly at its end; undefined otherwise. */
function sshStrings(blob: Buffer): Buffer[] | undefined {
  const out: Buffer[] = [];
  for (let pos = 0; pos < blob.length; ) {
    if (pos + 4 > blob.length) return undefined;
    const n = blob.readUInt32BE(pos);
    if (pos + 4 + n > blob.length) return undefined;
    out.push(blob.subarray(pos + 4, pos + 4 + n));
    pos += 4 + n;
  }
  return out;
}

/** The key's type and base64 (the comment dropped), for comparing and for an allowed-signers line. */
export function keyBody(key: string): string {
  return key.trim().split(/\s+/).slice(0, 2).join(" ");
}
