// Public surface of @secretkit/cli: exports only.
export {};
