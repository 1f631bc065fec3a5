#!/usr/bin/env node
// Thin launcher: the CLI is TypeScript, run through tsx so that no build step stands between a
// clone and the first command. tsx caches its transforms, so later starts stay fast.
import { register } from 'tsx/esm/api';

register();
await import('./sandbox.ts');
