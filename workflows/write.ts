import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { applicationWorkflow, aslText } from './application-workflow.ts';
import { workflowComment, workflowFile, workflowPrograms } from './index.ts';

/** `npm run workflows`: writes each program's ASL file from workflows/application-workflow.ts. */
const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
for (const program of workflowPrograms) {
  const file = join(root, workflowFile(program));
  writeFileSync(file, aslText(applicationWorkflow(workflowComment(program))));
  console.log(`wrote ${workflowFile(program)}`);
}
