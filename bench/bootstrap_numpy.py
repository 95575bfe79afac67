# Run by bootstrap.bench.mjs: the same percentile bootstrap of binary F1 in numpy, on the same labels, prints JSON.
# Two numpy versions: the textbook one (redraw n indices per resample, count the confusion cells with
# bincount) and the one our code uses (one multinomial draw over the four confusion cells per resample).
import json, sys, time
import numpy as np

folder, n, resamples = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
t = np.fromfile(f'{folder}/true.u8', dtype=np.uint8)
p = np.fromfile(f'{folder}/pred.u8', dtype=np.uint8)

def f1_of(cells):
    # cells[..., code] with code = 2·true + pred: 0 tn, 1 fp, 2 fn, 3 tp.
    tp, fp, fn = cells[..., 3], cells[..., 1], cells[..., 2]
    return 2 * tp / (2 * tp + fp + fn)

def by_indices():
    rng = np.random.default_rng(1)
    codes = (2 * t + p).astype(np.uint8)
    stats = np.empty(resamples)
    for r in range(resamples):
        idx = rng.integers(0, n, n)
        stats[r] = f1_of(np.bincount(codes[idx], minlength=4))
    return np.percentile(stats, [2.5, 97.5])

def by_multinomial():
    rng = np.random.default_rng(1)
    cells = np.bincount((2 * t + p).astype(np.uint8), minlength=4)
    draws = rng.multinomial(n, cells / n, size=resamples)
    return np.percentile(f1_of(draws), [2.5, 97.5])

def timed(fn, repeats):
    times, result = [], None
    for _ in range(repeats):
        start = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - start) * 1e3)
    return sorted(times)[len(times) // 2], result

index_ms, index_ci = timed(by_indices, 1)
multi_ms, multi_ci = timed(by_multinomial, 5)
print(json.dumps({
    'numpy': np.__version__,
    'ms': {'indices': index_ms, 'multinomial': multi_ms},
    'interval': {'indices': index_ci.tolist(), 'multinomial': multi_ci.tolist()},
}))
