import { useLocalAwsEnv } from '../infra/local/aws-env.ts';

useLocalAwsEnv();
