// @withings-kit/client/testing: what the kit's tests and benchmarks use to turn recorded
// wire text into the client's typed bodies without a client: the envelope decoder and the
// per-action body decoders. Not for applications: it may change in any release, minor or
// patch. This file only re-exports.

export { decoders } from "./decode/decoders.js";
export type { DecodeContext } from "./http/decode-envelope.js";
export { decodeEnvelope } from "./http/decode-envelope.js";
