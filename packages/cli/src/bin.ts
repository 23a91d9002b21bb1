#!/usr/bin/env node
// The `secretkit` command.
export {};
