import { describe, expect, it } from 'vitest';
import { adapterLabel, describeAdapter } from '../../src/backend/webgpu/device.ts';

const fakeAdapter = (info: Partial<GPUAdapterInfo>) => ({ info: { vendor: '', architecture: '', description: '', isFallbackAdapter: false, ...info } }) as unknown as GPUAdapter;

describe('describeAdapter', () => {
  it('labels SwiftShader as a software adapter', () => {
    const info = describeAdapter(fakeAdapter({ vendor: 'google', architecture: 'swiftshader' }));
    expect(info.software).toBe(true);
    expect(adapterLabel(info)).toBe('google · swiftshader');
  });
  it('labels a discrete GPU as hardware', () => {
    const info = describeAdapter(fakeAdapter({ vendor: 'nvidia', architecture: 'hopper' }));
    expect(info.software).toBe(false);
    expect(adapterLabel(info)).toBe('nvidia · hopper');
  });
  it('names unknown fields instead of printing blanks', () => {
    expect(adapterLabel(describeAdapter(fakeAdapter({})))).toBe('unknown vendor · unknown architecture');
  });
});
