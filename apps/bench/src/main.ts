/** Placeholder until apps/bench is built. */
export {};
