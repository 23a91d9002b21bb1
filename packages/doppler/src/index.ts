// Public surface of @secretkit/doppler: exports only.
export {};
