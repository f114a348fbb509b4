/** Which tokens a trainer learns from. */
export type TrainMask = 'all' | 'last' | 'completion';

export const TRAIN_MASKS: readonly TrainMask[] = ['all', 'last', 'completion'];

export const MASK_LABELS: Record<TrainMask, string> = {
  all: 'all assistant turns',
  last: 'last assistant turn',
  completion: 'completion only',
};
