import { randomUUID } from 'node:crypto';
import { describe, expect, inject, it } from 'vitest';
import { JsonataNotSupportedError, UnsupportedResourceError } from '../../../infra/local/sfn/definition.ts';
import { startStepFunctionsService } from '../../../infra/local/sfn/service.ts';

const startWith = (definition: object) =>
  startStepFunctionsService({
    dynamoEndpoint: inject('dynamoEndpoint'),
    tableName: `sfn-${randomUUID()}`,
    stateMachines: [{ name: 'refused', definition: JSON.stringify(definition) }],
    invokeFunction: async () => null,
  });

describe('state machine definitions the local interpreter cannot run faithfully', () => {
  it('refuses a state machine in JSONata, which the interpreter would silently ignore', async () => {
    const started = startWith({ QueryLanguage: 'JSONata', StartAt: 'A', States: { A: { Type: 'Pass', Output: '{% $states.input %}', End: true } } });

    await expect(started).rejects.toBeInstanceOf(JsonataNotSupportedError);
  });

  it('refuses a single state in JSONata', async () => {
    const started = startWith({ StartAt: 'A', States: { A: { Type: 'Pass', QueryLanguage: 'JSONata', End: true } } });

    await expect(started).rejects.toThrow(/state A uses QueryLanguage JSONata/);
  });

  it('refuses a Task that calls anything but Lambda, which it could not run', async () => {
    const started = startWith({ StartAt: 'Put', States: { Put: { Type: 'Task', Resource: 'arn:aws:states:::dynamodb:putItem', Parameters: { TableName: 't' }, End: true } } });

    await expect(started).rejects.toBeInstanceOf(UnsupportedResourceError);
  });
});
