// The end of a conformance harness over a wire fake: close the provider (if any), close the fake,
// then fail the run when the fake saw a request no handler answered.

interface ClosableFake {
  close(): unknown;
  readonly unhandledRequests: ReadonlyArray<unknown>;
}

/** Closes `provider` then `fake`; throws listing the unhandled requests when there were any. */
export async function closeAndCheckFake(
  fake: ClosableFake,
  provider?: { close?(): Promise<void> },
): Promise<void> {
  await provider?.close?.();
  await fake.close();
  if (fake.unhandledRequests.length > 0) {
    throw new Error(`unhandled requests: ${JSON.stringify(fake.unhandledRequests)}`);
  }
}
