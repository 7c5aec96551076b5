//! The client against servers on loopback: the wire format byte for byte,
//! the envelope and the decoding policy, faults and retries, jobs, paging,
//! secrets, the official SDK's paths, and the codec's agreement with the
//! request types. One test binary, so that the graph is linked once.

mod codec;
mod compound;
mod decoding;
mod envelope;
mod faults;
mod jobs;
mod official_sdk;
mod paging;
mod production;
mod rate_limit;
mod secrets;
mod shapes;
mod values;
mod wire;
