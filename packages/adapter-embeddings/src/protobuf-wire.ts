/**
 * Just enough of the protobuf wire format to read and splice ONNX graphs and SentencePiece models without a
 * schema compiler: a message is a list of fields kept as byte ranges, so a rewrite copies every field it does
 * not touch byte for byte (a 70 MB graph's initializers are never decoded).
 */

/** One field of a message: its number, wire type, the whole field's bytes and its payload. */
export interface WireField {
  field: number;
  wire: number;
  /** The field as it appears in the message, key included. */
  raw: Uint8Array;
  /** Payload of a length-delimited field (wire type 2); the value of a varint; the bytes of a fixed field. */
  data: Uint8Array;
  value: bigint;
}

function readVarint(buf: Uint8Array, pos: number): [bigint, number] {
  let result = 0n;
  let shift = 0n;
  for (;;) {
    if (pos >= buf.length) throw new Error('truncated protobuf varint');
    const byte = buf[pos++]!;
    result |= BigInt(byte & 0x7f) << shift;
    if ((byte & 0x80) === 0) return [result, pos];
    shift += 7n;
  }
}

/** The fields of one message, in order. Throws on bytes that are not a protobuf message. */
export function readFields(buf: Uint8Array): WireField[] {
  const fields: WireField[] = [];
  let pos = 0;
  while (pos < buf.length) {
    const start = pos;
    const [key, afterKey] = readVarint(buf, pos);
    const field = Number(key >> 3n);
    const wire = Number(key & 7n);
    let value = 0n;
    let dataStart = afterKey;
    switch (wire) {
      case 0:
        [value, pos] = readVarint(buf, afterKey);
        break;
      case 1:
        pos = afterKey + 8;
        break;
      case 2: {
        const [length, afterLength] = readVarint(buf, afterKey);
        dataStart = afterLength;
        pos = afterLength + Number(length);
        break;
      }
      case 5:
        pos = afterKey + 4;
        break;
      default:
        throw new Error(`unsupported protobuf wire type ${wire} at byte ${start}`);
    }
    if (pos > buf.length) throw new Error(`truncated protobuf field ${field} at byte ${start}`);
    fields.push({
      field,
      wire,
      raw: buf.subarray(start, pos),
      data: buf.subarray(dataStart, pos),
      value,
    });
  }
  return fields;
}

/** The first field with this number, or undefined. */
export function fieldOf(fields: WireField[], field: number): WireField | undefined {
  return fields.find((f) => f.field === field);
}

/** A length-delimited field's payload as UTF-8 text ('' when absent). */
export function stringOf(fields: WireField[], field: number): string {
  const f = fieldOf(fields, field);
  return f ? Buffer.from(f.data).toString('utf8') : '';
}

function varint(value: number | bigint): Uint8Array {
  let v = BigInt(value);
  const out: number[] = [];
  do {
    const byte = Number(v & 0x7fn);
    v >>= 7n;
    out.push(v > 0n ? byte | 0x80 : byte);
  } while (v > 0n);
  return Uint8Array.from(out);
}

/** A length-delimited field (a string, bytes or an embedded message). */
export function encodeBytes(field: number, payload: Uint8Array | string): Uint8Array {
  const data = typeof payload === 'string' ? Buffer.from(payload, 'utf8') : payload;
  return Buffer.concat([varint((field << 3) | 2), varint(data.length), data]);
}

/** A varint field (an integer or enum). */
export function encodeVarint(field: number, value: number | bigint): Uint8Array {
  return Buffer.concat([varint(field << 3), varint(value)]);
}

/** Joins encoded fields into one message. */
export function concat(parts: Uint8Array[]): Uint8Array {
  return Buffer.concat(parts);
}
