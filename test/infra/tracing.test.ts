import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/app.ts';
import { loadStageConfig } from '../../infra/config.ts';
import { tracerLayerDir } from '../../infra/stack/tracer-layer.ts';
import { TRACER_MODULE } from '../../functions/shared/tracing.ts';
import { buildWeb, clearSettings, ofType, render, testApp, type CfnResource, type Resources } from './synth.ts';

/** The stage's `tracing` switches X-Ray and Powertools Tracer on the SDK clients together. */
describe('tracing by the stage’s config', () => {
  let webAssets: string;
  const tracerLayers = (app: Resources) => ofType(app, 'AWS::Lambda::LayerVersion').filter(([, layer]) => String(layer.Properties.Description).includes('Powertools Tracer'));
  const functionsOf = (stage: string): { app: Resources; functions: [string, CfnResource][] } => {
    const assembly = buildApp(testApp({}, { bundle: false }), { webAssets, config: loadStageConfig(stage) }).app.synth();
    const app = assembly.getStackByName(`Warmth-${stage}-App`).template.Resources as Resources;
    return { app, functions: ofType(app, 'AWS::Lambda::Function').filter(([, fn]) => fn.Properties.Environment?.Variables?.POWERTOOLS_SERVICE_NAME === 'warmth') };
  };

  beforeAll(async () => {
    clearSettings();
    webAssets = await buildWeb();
  }, 120_000);

  it('gives every function active X-Ray, the tracer layer and WARMTH_TRACING where the stage traces (dev)', () => {
    const { app, functions } = functionsOf('dev');
    const [[layerId]] = tracerLayers(app) as [[string, CfnResource]];
    expect(tracerLayers(app)).toHaveLength(1);
    expect(functions.length).toBeGreaterThan(10);
    for (const [id, fn] of functions) {
      expect(fn.Properties.TracingConfig, id).toEqual({ Mode: 'Active' });
      expect(fn.Properties.Environment.Variables.WARMTH_TRACING, id).toBe('active');
      expect((fn.Properties.Layers as unknown[]).map(render), id).toEqual([`<${layerId}>`]);
    }
  }, 120_000);

  it('makes no layer and loads no tracer where tracing is off (cnprod)', () => {
    const { app, functions } = functionsOf('cnprod');
    expect(tracerLayers(app)).toEqual([]);
    for (const [id, fn] of functions) {
      expect(fn.Properties.TracingConfig?.Mode ?? 'PassThrough', id).toBe('PassThrough');
      expect(fn.Properties.Environment.Variables.WARMTH_TRACING, id).toBeUndefined();
      expect(fn.Properties.Layers, id).toBeUndefined();
    }
  }, 120_000);

  it('puts the tracer in the layer as the package the functions require, outside their bundles', () => {
    const index = join(tracerLayerDir(), 'nodejs', 'node_modules', TRACER_MODULE, 'index.js');
    expect(existsSync(index)).toBe(true);
    expect(readFileSync(index, 'utf8')).toContain('captureAWSv3Client');
  });
});
