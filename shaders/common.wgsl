// Shared prelude, prepended to every kernel by src/backend/webgpu/kernels.ts.
// Activations and a finiteness test that survives fast-math (bit pattern, not x != x).

fn sigmoid(x : f32) -> f32 {
  return 1.0 / (1.0 + exp(-x));
}

fn tanh_safe(x : f32) -> f32 {
  // WGSL tanh can return NaN for large |x| on some drivers; clamp where tanh is already +-1 in f32.
  return tanh(clamp(x, -15.0, 15.0));
}

fn is_finite(x : f32) -> bool {
  return (bitcast<u32>(x) & 0x7f800000u) != 0x7f800000u;
}
