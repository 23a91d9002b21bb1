// The SPI calls the memory provider logs and can fail or slow down on purpose.

export type MemoryOperation =
  | 'getSecret'
  | 'getVersion'
  | 'getSecrets'
  | 'renewLease'
  | 'revokeLease'
  | 'setSecret'
  | 'deleteSecret'
  | 'listSecrets';

export const MEMORY_OPERATIONS: readonly MemoryOperation[] = [
  'getSecret',
  'getVersion',
  'getSecrets',
  'renewLease',
  'revokeLease',
  'setSecret',
  'deleteSecret',
  'listSecrets',
];
