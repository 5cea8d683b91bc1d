/**
 * CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF, no reflection, no xor-out) of the
 * payload's UTF-8 bytes, as 4 uppercase hex digits. crc16("123456789") = "29B1".
 */
export function crc16(payload: string): string {
  let crc = 0xffff;
  const bytes = isAscii(payload) ? null : new TextEncoder().encode(payload);
  const length = bytes ? bytes.length : payload.length;
  for (let i = 0; i < length; i++) {
    crc ^= (bytes ? (bytes[i] as number) : payload.charCodeAt(i)) << 8;
    for (let bit = 0; bit < 8; bit++) {
      crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
    }
  }
  return crc.toString(16).toUpperCase().padStart(4, "0");
}

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}
