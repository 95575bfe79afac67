// mlrecipe's wasm SIMD kernels (AssemblyScript), compiled by scripts/build-wasm.mjs into a module
// that imports tfjs-backend-wasm's own memory, so they read and write tensors where tfjs keeps them
// (no copies). Pointers are byte offsets into that memory. The module has no data segments, no
// globals and no allocator: it never writes outside the buffers it is given.
//
// Why our own: tfjs wasm 4.22 has no kernel for a fused Adam step, its MaxPoolGrad is wrong, its
// Conv2DBackpropFilter is missing, and its matMul transposes operands explicitly; each of these
// costs a separate pass (or several kernels) per step. Measured in bench/ (see the tensor README).

// ---- matrix product --------------------------------------------------------------------------

/**
 * c + a·b per lane. Where the engine has relaxed SIMD (Chromium ≥ 114, Node ≥ 22; Node 20 behind
 * --experimental-wasm-relaxed-simd), the relaxed build uses its fused multiply-add: 1.3–1.4× the
 * GEMM's throughput here (bench/matmul_shapes.bench.mjs), rounding once instead of twice.
 */
@inline function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(c, f32x4.mul(a, b));
}

/**
 * Packs panels [p0, p1) of B (K×N; element (k, n) at b + 4·(k·sBk + n·sBn)) into 8-column panels
 * from dst on: panel p's row k at dst[((p − p0)·K + k)·8], zero-padded past N.
 */
export function packB(b: usize, K: i32, N: i32, sBk: i32, sBn: i32, dst: usize, p0: i32, p1: i32): void {
  for (let p = p0; p < p1; p++) {
    const full = (p << 3) + 8 <= N;
    for (let k = 0; k < K; k++) {
      const out = dst + (((<usize>(p - p0) * K + k) << 3) << 2);
      const src = b + ((<usize>k * sBk + <usize>(p << 3) * sBn) << 2);
      if (full && sBn == 1) {
        v128.store(out, v128.load(src));
        v128.store(out, v128.load(src, 16), 16);
        continue;
      }
      for (let c = 0; c < 8; c++) {
        const n = (p << 3) + c;
        store<f32>(out + (<usize>c << 2), n < N ? load<f32>(src + ((<usize>c * sBn) << 2)) : 0);
      }
    }
  }
}

/**
 * Copies (or with `accumulate` adds) a rows × cols block from src (row stride ldSrc floats) into
 * dst (row stride ldDst): a helper thread's share of a product, moved from its own scratch memory.
 */
export function copyBlock(src: usize, ldSrc: i32, dst: usize, ldDst: i32, rows: i32, cols: i32, accumulate: bool): void {
  for (let i = 0; i < rows; i++) {
    const s = src + ((<usize>i * ldSrc) << 2);
    const d = dst + ((<usize>i * ldDst) << 2);
    let j = 0;
    for (; j + 4 <= cols; j += 4) {
      const at = <usize>j << 2;
      const v = v128.load(s + at);
      v128.store(d + at, accumulate ? f32x4.add(v128.load(d + at), v) : v);
    }
    for (; j < cols; j++) {
      const at = <usize>j << 2;
      store<f32>(d + at, accumulate ? load<f32>(d + at) + load<f32>(s + at) : load<f32>(s + at));
    }
  }
}

@inline function storeRow(c: usize, v0: v128, v1: v128, cols: i32, accumulate: bool): void {
  if (cols == 8) {
    if (accumulate) {
      v0 = f32x4.add(v128.load(c), v0);
      v1 = f32x4.add(v128.load(c, 16), v1);
    }
    v128.store(c, v0);
    v128.store(c, v1, 16);
    return;
  }
  // A partial panel (N not a multiple of 8): lane by lane.
  for (let j = 0; j < cols; j++) {
    const v = j < 4 ? v0 : v1;
    let x: f32;
    switch (j & 3) {
      case 0: x = f32x4.extract_lane(v, 0); break;
      case 1: x = f32x4.extract_lane(v, 1); break;
      case 2: x = f32x4.extract_lane(v, 2); break;
      default: x = f32x4.extract_lane(v, 3);
    }
    const at = c + (<usize>j << 2);
    store<f32>(at, accumulate ? load<f32>(at) + x : x);
  }
}

/**
 * Panels [p0, p1) of C = A·B (M×N): A's element (i, k) at a + 4·(i·sAi + k·sAk), so a transposed A
 * is a stride, not a copy; `packed` holds those panels as packB wrote them; C's element (i, n) at
 * c + 4·(i·ldc + n − 8·p0), so a thread can write its columns into scratch memory of its own.
 * 4×8 register tiles (8 accumulators + 2 B vectors + 1 broadcast fit the 16 SIMD registers of
 * x86-64). Each output is a sum over k in increasing order (fused multiply-adds in the relaxed
 * build), so any split into panels gives the same bits; with `accumulate` it is added to what C
 * holds (a product computed in blocks of k).
 */
export function gemm(
  a: usize, sAi: i32, sAk: i32, packed: usize, c: usize, ldc: i32, M: i32, N: i32, K: i32, accumulate: bool,
  p0: i32, p1: i32,
): void {
  const stepA = <usize>sAk << 2;
  const rowA = <usize>sAi << 2;
  const rowC = <usize>ldc << 2;
  for (let p = p0; p < p1; p++) {
    const cols = min(8, N - (p << 3));
    const panel = packed + ((<usize>(p - p0) * K) << 5);
    const column = c + (<usize>(p - p0) << 5);
    let i = 0;
    for (; i + 4 <= M; i += 4) {
      let c00 = f32x4.splat(0), c01 = f32x4.splat(0), c10 = f32x4.splat(0), c11 = f32x4.splat(0);
      let c20 = f32x4.splat(0), c21 = f32x4.splat(0), c30 = f32x4.splat(0), c31 = f32x4.splat(0);
      let pa = a + <usize>i * rowA;
      let pb = panel;
      for (let k = 0; k < K; k++) {
        const b0 = v128.load(pb);
        const b1 = v128.load(pb, 16);
        const a0 = v128.load32_splat(pa);
        const a1 = v128.load32_splat(pa + rowA);
        const a2 = v128.load32_splat(pa + 2 * rowA);
        const a3 = v128.load32_splat(pa + 3 * rowA);
        c00 = madd(a0, b0, c00);
        c01 = madd(a0, b1, c01);
        c10 = madd(a1, b0, c10);
        c11 = madd(a1, b1, c11);
        c20 = madd(a2, b0, c20);
        c21 = madd(a2, b1, c21);
        c30 = madd(a3, b0, c30);
        c31 = madd(a3, b1, c31);
        pb += 32;
        pa += stepA;
      }
      const out = column + <usize>i * rowC;
      storeRow(out, c00, c01, cols, accumulate);
      storeRow(out + rowC, c10, c11, cols, accumulate);
      storeRow(out + 2 * rowC, c20, c21, cols, accumulate);
      storeRow(out + 3 * rowC, c30, c31, cols, accumulate);
    }
    for (; i < M; i++) {
      let c00 = f32x4.splat(0), c01 = f32x4.splat(0);
      let pa = a + <usize>i * rowA;
      let pb = panel;
      for (let k = 0; k < K; k++) {
        const a0 = v128.load32_splat(pa);
        c00 = madd(a0, v128.load(pb), c00);
        c01 = madd(a0, v128.load(pb, 16), c01);
        pb += 32;
        pa += stepA;
      }
      storeRow(column + <usize>i * rowC, c00, c01, cols, accumulate);
    }
  }
}

// ---- dense layer -----------------------------------------------------------------------------

/**
 * A dense layer's epilogue, in place over C (M×N): adds the bias (when `bias` is not 0) and applies
 * relu (max with 0, NaN kept so the optimizer's finiteness check still sees it). The same float
 * operations as tfjs' Add and Relu after the product, so the same bits.
 */
export function biasRelu(c: usize, bias: usize, M: i32, N: i32, relu: bool): void {
  const zero = f32x4.splat(0);
  for (let i = 0; i < M; i++) {
    const row = c + ((<usize>i * N) << 2);
    let j = 0;
    for (; j + 4 <= N; j += 4) {
      const at = row + (<usize>j << 2);
      let v = v128.load(at);
      if (bias != 0) v = f32x4.add(v, v128.load(bias + (<usize>j << 2)));
      if (relu) v = f32x4.max(v, zero); // wasm's max propagates NaN and gives +0 for −0
      v128.store(at, v);
    }
    for (; j < N; j++) {
      const at = row + (<usize>j << 2);
      let x = load<f32>(at);
      if (bias != 0) x += load<f32>(bias + (<usize>j << 2));
      if (relu && !(x > 0) && x == x) x = 0;
      store<f32>(at, x);
    }
  }
}

/**
 * A relu dense layer's backward epilogue in one pass: dz = dy · (y > 0 ? 1 : 0) (tfjs' Step, Cast
 * and Multiply) and db = Σ rows of dz, each column summed from 0 in row order as sumRows does.
 */
export function reluBiasGrad(dy: usize, y: usize, dz: usize, db: usize, M: i32, N: i32): void {
  memory.fill(db, 0, <usize>N << 2);
  const zero = f32x4.splat(0);
  const one = f32x4.splat(1);
  for (let i = 0; i < M; i++) {
    const offset = (<usize>i * N) << 2;
    let j = 0;
    for (; j + 4 <= N; j += 4) {
      const at = offset + (<usize>j << 2);
      const mask = v128.and(f32x4.gt(v128.load(y + at), zero), one);
      const g = f32x4.mul(v128.load(dy + at), mask);
      v128.store(dz + at, g);
      const sum = db + (<usize>j << 2);
      v128.store(sum, f32x4.add(v128.load(sum), g));
    }
    for (; j < N; j++) {
      const at = offset + (<usize>j << 2);
      const g = load<f32>(dy + at) * (load<f32>(y + at) > 0 ? <f32>1 : <f32>0);
      store<f32>(dz + at, g);
      const sum = db + (<usize>j << 2);
      store<f32>(sum, load<f32>(sum) + g);
    }
  }
}

// ---- Adam ------------------------------------------------------------------------------------

/**
 * One Adam step for n elements, in the order of the composed tfjs ops (so bit-identical to them):
 * m' = m·b1 + g·(1 − b1); v' = v·b2 + (g·g)·(1 − b2); update = (m' / c1) / (√(v' / c2) + eps).
 * With a parameter (p ≠ 0) the first output is the new parameter p + update·negLr instead (the
 * learning-rate scaling and applyUpdates of the composed step, same operations).
 */
export function adamMoments(
  g: usize, m: usize, v: usize, update: usize, mOut: usize, vOut: usize, n: i32,
  b1: f32, oneMinusB1: f32, b2: f32, oneMinusB2: f32, c1: f32, c2: f32, eps: f32, p: usize, negLr: f32,
): void {
  const vb1 = f32x4.splat(b1), v1b1 = f32x4.splat(oneMinusB1), vb2 = f32x4.splat(b2), v1b2 = f32x4.splat(oneMinusB2);
  const vc1 = f32x4.splat(c1), vc2 = f32x4.splat(c2), veps = f32x4.splat(eps), vlr = f32x4.splat(negLr);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    const gi = v128.load(g + o);
    const mi = f32x4.add(f32x4.mul(v128.load(m + o), vb1), f32x4.mul(gi, v1b1));
    const vi = f32x4.add(f32x4.mul(v128.load(v + o), vb2), f32x4.mul(f32x4.mul(gi, gi), v1b2));
    v128.store(mOut + o, mi);
    v128.store(vOut + o, vi);
    const u = f32x4.div(f32x4.div(mi, vc1), f32x4.add(f32x4.sqrt(f32x4.div(vi, vc2)), veps));
    v128.store(update + o, p == 0 ? u : f32x4.add(v128.load(p + o), f32x4.mul(u, vlr)));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    const gi = load<f32>(g + o);
    const mi = load<f32>(m + o) * b1 + gi * oneMinusB1;
    const vi = load<f32>(v + o) * b2 + gi * gi * oneMinusB2;
    store<f32>(mOut + o, mi);
    store<f32>(vOut + o, vi);
    const u = (mi / c1) / (sqrt<f32>(vi / c2) + eps);
    store<f32>(update + o, p == 0 ? u : load<f32>(p + o) + u * negLr);
  }
}

// ---- finiteness ------------------------------------------------------------------------------

/** 1 when any of the n floats at x is NaN or ±Infinity (x − x is NaN exactly for those), else 0. */
export function anyNonFinite(x: usize, n: i32): i32 {
  let bad = f32x4.splat(0);
  let i = 0;
  // OR-ing x − x: any NaN lane makes the lane's bits non-zero (and non-finite stays sticky).
  for (; i + 16 <= n; i += 16) {
    const o = x + (<usize>i << 2);
    const a = v128.load(o), b = v128.load(o, 16), c = v128.load(o, 32), d = v128.load(o, 48);
    bad = v128.or(bad, v128.or(v128.or(f32x4.sub(a, a), f32x4.sub(b, b)), v128.or(f32x4.sub(c, c), f32x4.sub(d, d))));
  }
  for (; i + 4 <= n; i += 4) {
    const a = v128.load(x + (<usize>i << 2));
    bad = v128.or(bad, f32x4.sub(a, a));
  }
  if (v128.any_true(bad)) return 1;
  for (; i < n; i++) {
    const a = load<f32>(x + (<usize>i << 2));
    if (a - a != 0) return 1;
  }
  return 0;
}

// ---- reductions ------------------------------------------------------------------------------

/** out[c] = Σᵣ x[r·C + c] for a row-major R×C matrix (a bias gradient: sum over every axis but the last), rows in order. */
export function sumRows(x: usize, R: i32, C: i32, out: usize): void {
  let c = 0;
  for (; c + 4 <= C; c += 4) {
    let acc = f32x4.splat(0);
    let p = x + (<usize>c << 2);
    const stride = <usize>C << 2;
    for (let r = 0; r < R; r++) {
      acc = f32x4.add(acc, v128.load(p));
      p += stride;
    }
    v128.store(out + (<usize>c << 2), acc);
  }
  for (; c < C; c++) {
    let acc: f32 = 0;
    for (let r = 0; r < R; r++) acc += load<f32>(x + ((<usize>r * C + c) << 2));
    store<f32>(out + (<usize>c << 2), acc);
  }
}

// ---- pooling ---------------------------------------------------------------------------------

/**
 * MaxPoolGrad for NHWC: dx (zeroed here) gets each output's gradient at the first maximum of its
 * window (rows, then columns, strict >, as tfjs cpu); a window with no finite maximum routes nothing.
 * `at` is scratch for C int32s.
 */
export function maxPoolGrad(
  x: usize, dy: usize, dx: usize, at: usize,
  batch: i32, inH: i32, inW: i32, C: i32, outH: i32, outW: i32,
  filterH: i32, filterW: i32, strideH: i32, strideW: i32, top: i32, left: i32,
): void {
  memory.fill(dx, 0, (<usize>batch * inH * inW * C) << 2);
  const vectorC = C & ~3;
  let outIndex: usize = 0;
  for (let b = 0; b < batch; b++) {
    for (let oh = 0; oh < outH; oh++) {
      const h0 = oh * strideH - top;
      const hFrom = max(0, h0), hTo = min(inH, h0 + filterH);
      for (let ow = 0; ow < outW; ow++) {
        const w0 = ow * strideW - left;
        const wFrom = max(0, w0), wTo = min(inW, w0 + filterW);
        let c = 0;
        for (; c < vectorC; c += 4) {
          let best = f32x4.splat(-Infinity);
          let where = i32x4.splat(-1);
          for (let h = hFrom; h < hTo; h++) {
            for (let w = wFrom; w < wTo; w++) {
              const index = ((b * inH + h) * inW + w) * C + c;
              const value = v128.load(x + (<usize>index << 2));
              const better = f32x4.gt(value, best);
              best = v128.bitselect(value, best, better);
              where = v128.bitselect(i32x4.add(i32x4.splat(index), i32x4(0, 1, 2, 3)), where, better);
            }
          }
          v128.store(at + (<usize>c << 2), where);
        }
        for (; c < C; c++) {
          let best: f32 = -Infinity;
          let where = -1;
          for (let h = hFrom; h < hTo; h++) {
            for (let w = wFrom; w < wTo; w++) {
              const index = ((b * inH + h) * inW + w) * C + c;
              const value = load<f32>(x + (<usize>index << 2));
              if (value > best) {
                best = value;
                where = index;
              }
            }
          }
          store<i32>(at + (<usize>c << 2), where);
        }
        for (c = 0; c < C; c++) {
          const index = load<i32>(at + (<usize>c << 2));
          if (index >= 0) {
            const target = dx + (<usize>index << 2);
            store<f32>(target, load<f32>(target) + load<f32>(dy + ((outIndex + <usize>c) << 2)));
          }
        }
        outIndex += <usize>C;
      }
    }
  }
}

// ---- convolution -----------------------------------------------------------------------------

/** Copies (or zeroes, when src is 0) n floats: SIMD for whole vectors, scalars after; no call for a few bytes. */
@inline function copyFloats(dst: usize, src: usize, n: i32): void {
  let i = 0;
  if (src == 0) {
    for (; i + 4 <= n; i += 4) v128.store(dst + (<usize>i << 2), f32x4.splat(0));
    for (; i < n; i++) store<f32>(dst + (<usize>i << 2), 0);
    return;
  }
  for (; i + 4 <= n; i += 4) v128.store(dst + (<usize>i << 2), v128.load(src + (<usize>i << 2)));
  for (; i < n; i++) store<f32>(dst + (<usize>i << 2), load<f32>(src + (<usize>i << 2)));
}

/**
 * im2col for NHWC x, rows p0 ≤ p < p1 of the P×(KH·KW·C) matrix whose row p = (n, oh, ow) holds
 * the window under output p, taps in (kh, kw, c) order, zeros where it hangs over the padding.
 * (x is a tensor's offset in tfjs' heap, never 0: tfjs keeps offset 0 for its own data.)
 */
export function im2col(
  x: usize, out: usize, p0: i32, p1: i32, inH: i32, inW: i32, C: i32, outH: i32, outW: i32,
  KH: i32, KW: i32, strideH: i32, strideW: i32, top: i32, left: i32,
): void {
  const rowBytes = <usize>C << 2;
  let dst = out;
  for (let p = p0; p < p1; p++) {
    const ow = p % outW;
    const oh = (p / outW) % outH;
    const n = p / (outW * outH);
    for (let kh = 0; kh < KH; kh++) {
      const h = oh * strideH - top + kh;
      for (let kw = 0; kw < KW; kw++) {
        const w = ow * strideW - left + kw;
        const inside = h >= 0 && h < inH && w >= 0 && w < inW;
        copyFloats(dst, inside ? x + ((<usize>((n * inH + h) * inW + w) * C) << 2) : 0, C);
        dst += rowBytes;
      }
    }
  }
}
