'use client';

import type { PpoOptions } from '@/lib/curation';
import { FieldGroup, RangeField, Segmented } from './fields';

export function PpoControls({ ppo, onChange }: { ppo: PpoOptions; onChange: (p: PpoOptions) => void }) {
  const bins = typeof ppo.bins === 'number' ? ppo.bins : null;
  return (
    <div className="space-y-4">
      <FieldGroup title="Reward bins">
        {bins === null ? (
          <p className="text-xs text-zinc-500">
            This recipe sets explicit bin edges ({(ppo.bins as number[]).join(', ')}).{' '}
            <button
              type="button"
              className="text-indigo-700 hover:underline dark:text-indigo-400"
              onClick={() => onChange({ ...ppo, bins: 5 })}
            >
              Use equal bins
            </button>
          </p>
        ) : (
          <RangeField
            label="Bins"
            value={bins}
            min={1}
            max={50}
            step={1}
            integer
            onChange={(v) => onChange({ ...ppo, bins: Math.min(1000, Math.max(1, Math.round(v))) })}
          />
        )}
      </FieldGroup>
      <FieldGroup title="GRPO groups">
        <Segmented
          label="Group rollouts by"
          value={ppo.groupBy}
          options={[
            { value: 'prompt', label: 'Prompt' },
            { value: 'task', label: 'Task' },
          ]}
          onChange={(groupBy) => onChange({ ...ppo, groupBy })}
        />
        <p className="text-xs text-zinc-500 dark:text-zinc-400">
          A group whose rewards are all equal gives GRPO no advantage signal.
        </p>
      </FieldGroup>
    </div>
  );
}
