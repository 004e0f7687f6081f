/** Placeholder until apps/demo is built. */
export {};
