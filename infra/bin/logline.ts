/** The CDK app: `npm run infra:synth` (see infra/cdk.json). Settings come from CDK context. */
import { App } from 'aws-cdk-lib';
import { LoglineStack } from '../lib/logline-stack';
import { settingsFromContext } from '../lib/settings';

// No AWS::CDK::Metadata resource: synth stays byte-for-byte reproducible and reports nothing.
const app = new App({ analyticsReporting: false });
try {
  const settings = settingsFromContext((key) => app.node.tryGetContext(key));
  new LoglineStack(app, settings.stackName, {
    settings,
    description: 'Logline AWS mode: ingest queue, consumer, log groups, live-tail fan-out, console role',
  });
  app.synth();
} catch (err) {
  console.error((err as Error).message);
  process.exit(1);
}
