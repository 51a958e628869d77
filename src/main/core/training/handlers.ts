import type { Handlers } from '../dispatch';
import type { TrainingService } from './service';

export function trainingHandlers(ts: TrainingService): Pick<Handlers, `training.${string}` & keyof Handlers> {
  return {
    'training.list': () => ts.store.list(),
    'training.get': ({ id }) => ts.get(id),
    'training.create': ({ config }) => ts.create(config),
    'training.metrics': ({ id, afterStep }) => (ts.get(id), ts.store.metrics(id, afterStep)),
    'training.logs': ({ id, afterId, limit, newest }) => (ts.get(id), ts.store.logs(id, afterId, limit, newest)),
    'training.pause': ({ id }) => ts.pause(id),
    'training.resume': ({ id }) => ts.resume(id),
    'training.stop': ({ id }) => ts.stop(id),
    'training.retry': ({ id }) => ts.retry(id),
    'training.saveCheckpoint': ({ id }) => ts.saveCheckpoint(id),
    'training.checkpoints': ({ id }) => ts.checkpoints(id),
    'training.loadCheckpoint': ({ checkpointId, mode, name, totalSteps }) => ts.loadCheckpoint(checkpointId, mode, name, totalSteps),
    'training.deleteCheckpoint': ({ checkpointId }) => ts.deleteCheckpoint(checkpointId),
    'training.delete': ({ id }) => ts.delete(id),
  };
}
