// A small seeded PRNG (mulberry32) for tests where jitter matters: same seed, same sequence. One
// implementation, the leak fuzzer's, published by @secretkit/conformance.
export { seededRandom } from '@secretkit/conformance';
