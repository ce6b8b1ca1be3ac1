import { afterAll, inject } from 'vitest';
import { useLocalAwsEnv } from '../infra/local/aws-env.ts';
import { recordedCalls } from '../functions/shared/aws-calls.ts';
import { writeFragment } from './support/aws-calls.ts';

useLocalAwsEnv();

// Every AWS call a handler makes in the local runtime is recorded (functions/shared/aws-calls.ts);
// the global teardown merges them into test/infra/aws-calls/, against which grants are tested.
process.env.AWS_CALL_RECORDING = '1';
afterAll(() => {
  writeFragment(inject('awsCallFragments'), recordedCalls);
  recordedCalls.clear();
});
