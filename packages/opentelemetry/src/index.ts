export { instrument } from './instrument';
export type {
  InstrumentableTokens,
  InstrumentedEvents,
  InstrumentedStats,
  InstrumentOptions,
} from './types';
