import { createHash } from 'node:crypto';

/** The password Excel encrypts with when a workbook is only write-protected; every reader knows it. */
export const EXCEL_DEFAULT_PASSWORD = 'VelvetSweatshop';

/** RC4 keystream applied to `data` (MS-OFFCRYPTO's RC4 encryption; Node's OpenSSL 3 no longer offers it). */
function rc4(key: Uint8Array, data: Uint8Array): Uint8Array {
  const s = new Uint8Array(256);
  for (let i = 0; i < 256; i++) s[i] = i;
  for (let i = 0, j = 0; i < 256; i++) {
    j = (j + s[i]! + key[i % key.length]!) & 0xff;
    [s[i], s[j]] = [s[j]!, s[i]!];
  }
  const out = new Uint8Array(data.length);
  for (let n = 0, i = 0, j = 0; n < data.length; n++) {
    i = (i + 1) & 0xff;
    j = (j + s[i]!) & 0xff;
    [s[i], s[j]] = [s[j]!, s[i]!];
    out[n] = data[n]! ^ s[(s[i]! + s[j]!) & 0xff]!;
  }
  return out;
}

const hash = (algorithm: string, ...parts: Uint8Array[]): Buffer => {
  const h = createHash(algorithm);
  for (const part of parts) h.update(part);
  return h.digest();
};

const block0 = new Uint8Array(4);

/** XOR obfuscation's 16-bit password verifier (MS-OFFCRYPTO 2.3.7.1, CreatePasswordVerifier_Method1). */
function xorVerifier(password: string): number {
  const bytes = [password.length, ...[...password].map((c) => c.charCodeAt(0) & 0xff)];
  let verifier = 0;
  for (const byte of bytes.reverse()) {
    const high = (verifier & 0x4000) === 0 ? 0 : 1;
    verifier = (high | ((verifier << 1) & 0x7fff)) ^ byte;
  }
  return verifier ^ 0xce4b;
}

/** RC4 "standard" encryption (MS-OFFCRYPTO 2.3.6): MD5 over the password, truncated to 40 bits. */
function rc4StandardMatches(data: Buffer, password: string): boolean {
  if (data.length < 6 + 48) return false;
  const salt = data.subarray(6, 22);
  const truncated = hash('md5', Buffer.from(password, 'utf16le')).subarray(0, 5);
  const rounds: Uint8Array[] = [];
  for (let i = 0; i < 16; i++) rounds.push(truncated, salt);
  const key = hash('md5', hash('md5', ...rounds).subarray(0, 5), block0);
  const plain = rc4(key, data.subarray(22, 54));
  return hash('md5', plain.subarray(0, 16)).equals(plain.subarray(16, 32));
}

/** RC4 CryptoAPI encryption (MS-OFFCRYPTO 2.3.5): SHA-1 over salt and password, key length from the header. */
function rc4CryptoApiMatches(data: Buffer, password: string): boolean {
  if (data.length < 14) return false;
  const headerSize = data.readUInt32LE(10);
  const header = 14;
  const verifier = header + headerSize;
  if (headerSize < 32 || data.length < verifier + 4 + 16 + 16 + 4 + 20) return false;
  const keyBits = data.readUInt32LE(header + 16) || 40;
  const saltSize = data.readUInt32LE(verifier);
  const salt = data.subarray(verifier + 4, verifier + 4 + saltSize);
  const encrypted = data.subarray(verifier + 4 + saltSize, verifier + 4 + saltSize + 16 + 4 + 20);
  const hashSize = encrypted.readUInt32LE(16);
  const derived = hash('sha1', hash('sha1', salt, Buffer.from(password, 'utf16le')), block0);
  // A 40-bit key is used as 16 bytes, zero-padded (what Office does; the specification is silent).
  const key = keyBits === 40 ? Buffer.concat([derived.subarray(0, 5), Buffer.alloc(11)]) : derived;
  const plain = rc4(
    key.subarray(0, keyBits === 40 ? 16 : keyBits / 8),
    Buffer.concat([encrypted.subarray(0, 16), encrypted.subarray(20, 20 + hashSize)]),
  );
  return hash('sha1', plain.subarray(0, 16)).equals(Buffer.from(plain.subarray(16, 16 + 20)));
}

/**
 * Whether the data of an Excel FILEPASS record (BIFF8) verifies `password`: XOR obfuscation, RC4 and RC4
 * CryptoAPI are the three methods Excel 97–2003 files use. Only the verifier is checked, nothing is decrypted.
 */
export function filePassMatches(data: Buffer, password: string): boolean {
  if (data.length < 2) return false;
  const type = data.readUInt16LE(0);
  if (type === 0) return data.length >= 6 && data.readUInt16LE(4) === xorVerifier(password);
  if (type !== 1 || data.length < 6) return false;
  const major = data.readUInt16LE(2);
  const minor = data.readUInt16LE(4);
  if (major === 1 && minor === 1) return rc4StandardMatches(data, password);
  if (major >= 2 && major <= 4 && minor === 2) return rc4CryptoApiMatches(data, password);
  return false;
}
