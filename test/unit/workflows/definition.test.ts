import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stepLabel } from '../../../functions/shared/step-labels.ts';
import { DATABASE_UNAVAILABLE_ERROR, TRANSIENT_LAMBDA_ERRORS } from '../../../functions/shared/transient-errors.ts';
import { applicationWorkflow, aslText } from '../../../workflows/application-workflow.ts';
import { workflowComment, workflowFile, workflowPrograms } from '../../../workflows/index.ts';

const root = join(import.meta.dirname, '..', '..', '..');
type State = Record<string, any>;
const definition = applicationWorkflow('test') as { States: Record<string, State> };
const tasks = Object.entries(definition.States).filter(([, state]) => state.Type === 'Task');

describe('the one source of the programs’ workflows', () => {
  it('has written every program’s ASL file as it stands (run `npm run workflows` after a change)', () => {
    for (const program of workflowPrograms) {
      expect(readFileSync(join(root, workflowFile(program)), 'utf8'), workflowFile(program)).toBe(aslText(applicationWorkflow(workflowComment(program))));
    }
  });

  it('retries every Lambda task as AWS recommends: six attempts from 2 s, backoff 2, full jitter', () => {
    for (const [name, state] of tasks) {
      expect(state.Retry[0], name).toEqual({ ErrorEquals: [...TRANSIENT_LAMBDA_ERRORS], IntervalSeconds: 2, MaxAttempts: 6, BackoffRate: 2, JitterStrategy: 'FULL' });
    }
  });

  it('waits out the database being away in every Lambda task for a few minutes before it gives up', () => {
    for (const [name, state] of tasks) {
      const retrier = state.Retry.find((candidate: State) => candidate.ErrorEquals.includes(DATABASE_UNAVAILABLE_ERROR));
      expect(retrier, name).toMatchObject({ BackoffRate: 2, JitterStrategy: 'FULL' });
      const waits = Array.from({ length: retrier.MaxAttempts }, (_, attempt) => Math.min(retrier.IntervalSeconds * retrier.BackoffRate ** attempt, retrier.MaxDelaySeconds));
      const longest = waits.reduce((sum, wait) => sum + wait, 0);
      expect(longest, name).toBeGreaterThanOrEqual(180);
      expect(longest, name).toBeLessThanOrEqual(600);
    }
  });

  it('catches everything else of every task but NeedsAttention into that task’s attention state, last', () => {
    for (const [name, state] of tasks) {
      if (name === 'NeedsAttention') {
        expect(state.Catch).toBeUndefined();
        continue;
      }
      expect(state.Catch.at(-1), name).toEqual({ ErrorEquals: ['States.ALL'], ResultPath: '$.failure', Next: `AttentionAt${name}` });
      expect(definition.States[`AttentionAt${name}`]).toMatchObject({ Type: 'Pass', Result: name, Next: 'NeedsAttention' });
      expect(definition.States.ResumeAfterAttention?.Choices).toContainEqual({ Variable: '$.failure.step', StringEquals: name, Next: name });
      expect(stepLabel(name).en, name).not.toBe('a workflow step');
    }
  });

  it('gives every callback task a timeout, and says where its expiry leads', () => {
    for (const [name, state] of tasks.filter(([, task]) => String(task.Resource).endsWith('.waitForTaskToken'))) {
      expect(state.TimeoutSeconds ?? state.TimeoutSecondsPath ?? state.HeartbeatSeconds, name).toBeDefined();
      expect(state.Catch.some((catcher: State) => catcher.ErrorEquals.includes('States.Timeout')), name).toBe(true);
    }
  });
});
