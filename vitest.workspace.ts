// The list of vitest projects: every package, plus the shared network-guard setup's own tests.
export default ['packages/*', 'test-setup'];
