import { z } from 'zod';
import { method } from './define';
import type { DoctorReport, SystemInfo } from '../types/system';
import type { JobRecord } from '../types/jobs';

export const systemMethods = {
  /** CPU, memory, disk of the data dir, GPU readings (when a tool for them exists). */
  'system.info': method<SystemInfo>()(z.object({}).strict()),
  /** The doctor report, computed now in main (no job). */
  'system.doctor': method<DoctorReport>()(z.object({}).strict()),
  /** Starts the doctor self-test as a durable job: real tfjs and ONNX Runtime computations, checked. */
  'system.runSelfTest': method<JobRecord>()(z.object({}).strict()),
};
