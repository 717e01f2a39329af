// The frames of Feishu's long connection: protobuf `pbbp2.Frame` as the official SDK defines it
// (@larksuiteoapi/node-sdk ws-client/proto-buf: SeqID=1, LogID=2, service=3, method=4, headers=5,
// payload_encoding=6, payload_type=7, payload=8, LogIDNew=9; Header{key=1, value=2}). Encoded with
// protobufjs's minimal reader and writer: loading the SDK for these two messages would cost ~40 MB.
import protobuf from 'protobufjs/minimal.js';

export interface FrameHeader {
  key: string;
  value: string;
}

export interface Frame {
  SeqID: number;
  LogID: number;
  service: number;
  /** 0 control (ping, pong), 1 data (events). */
  method: number;
  headers: FrameHeader[];
  payloadEncoding?: string;
  payloadType?: string;
  payload?: Uint8Array;
  LogIDNew?: string;
}

export const FRAME_CONTROL = 0;
export const FRAME_DATA = 1;

export function encodeFrame(frame: Frame): Uint8Array {
  const writer = protobuf.Writer.create();
  writer.uint32(8).uint64(frame.SeqID);
  writer.uint32(16).uint64(frame.LogID);
  writer.uint32(24).int32(frame.service);
  writer.uint32(32).int32(frame.method);
  for (const header of frame.headers) {
    writer.uint32(42).fork();
    writer.uint32(10).string(header.key);
    writer.uint32(18).string(header.value);
    writer.ldelim();
  }
  if (frame.payloadEncoding !== undefined) writer.uint32(50).string(frame.payloadEncoding);
  if (frame.payloadType !== undefined) writer.uint32(58).string(frame.payloadType);
  if (frame.payload !== undefined) writer.uint32(66).bytes(frame.payload);
  if (frame.LogIDNew !== undefined) writer.uint32(74).string(frame.LogIDNew);
  return writer.finish();
}

/** Throws on bytes that are not a frame. */
export function decodeFrame(bytes: Uint8Array): Frame {
  const reader = protobuf.Reader.create(bytes);
  const frame: Frame = { SeqID: 0, LogID: 0, service: 0, method: 0, headers: [] };
  while (reader.pos < reader.len) {
    const tag = reader.uint32();
    switch (tag >>> 3) {
      case 1:
        frame.SeqID = toNumber(reader.uint64());
        break;
      case 2:
        frame.LogID = toNumber(reader.uint64());
        break;
      case 3:
        frame.service = reader.int32();
        break;
      case 4:
        frame.method = reader.int32();
        break;
      case 5:
        frame.headers.push(decodeHeader(reader, reader.uint32()));
        break;
      case 6:
        frame.payloadEncoding = reader.string();
        break;
      case 7:
        frame.payloadType = reader.string();
        break;
      case 8:
        frame.payload = reader.bytes();
        break;
      case 9:
        frame.LogIDNew = reader.string();
        break;
      default:
        reader.skipType(tag & 7);
    }
  }
  return frame;
}

function decodeHeader(reader: protobuf.Reader, length: number): FrameHeader {
  const end = reader.pos + length;
  const header: FrameHeader = { key: '', value: '' };
  while (reader.pos < end) {
    const tag = reader.uint32();
    if (tag >>> 3 === 1) header.key = reader.string();
    else if (tag >>> 3 === 2) header.value = reader.string();
    else reader.skipType(tag & 7);
  }
  return header;
}

/** protobufjs answers a uint64 as a Long when the `long` package is installed, else as a number. */
function toNumber(value: number | protobuf.Long): number {
  return typeof value === 'number' ? value : protobuf.util.LongBits.from(value).toNumber(true);
}

export function headerOf(frame: Frame, key: string): string | undefined {
  return frame.headers.find((header) => header.key === key)?.value;
}
