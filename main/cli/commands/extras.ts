import type { Command } from 'commander';

/** Verbs whose engines live elsewhere (demo, export, read, phi-scan) register here. */
export function registerExtras(_program: Command): void {}
