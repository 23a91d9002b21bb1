// Public surface of @secretkit/opentelemetry: exports only.
export {};
