/** Request name main sends a running training job for "save a checkpoint now" (ctx.takeRequests). */
export const SAVE_CHECKPOINT_REQUEST = 'save-checkpoint';
