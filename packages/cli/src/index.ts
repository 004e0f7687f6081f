export { runDoctor, type DoctorOptions } from './doctor/run';
export type { ApiCall } from './doctor/call-check';
export {
  CARD_PAYMENT_AUTHORITIES,
  DOCTOR_EXIT_CODES,
  DOCTOR_STEPS,
  type DoctorReport,
  type DoctorStep,
  type DoctorStepId,
  type DoctorStepStatus,
} from './doctor/types';
