/** Pixel bytes (0–255) to [0, 1], in place: the models' input scaling, as train's transformX. */
export function scalePixels(values: Float32Array): Float32Array {
  for (let i = 0; i < values.length; i++) values[i] = values[i]! / 255;
  return values;
}
