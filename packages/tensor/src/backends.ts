import * as tf from '@tensorflow/tfjs-core';
import { defaultThreads, logicalCores, threadsProblem } from '#wasm-threads';
import {
  AUTO_ORDER,
  BACKEND_NAMES,
  BACKEND_SPECS,
  type BackendDetails,
  type BackendName,
  type BackendOptions,
  type BackendSpec,
  resolveThreads,
} from './backend_specs.js';
import { LAYER_TRAINING_KERNELS } from './check_kernels.js';
import { BackendUnavailableError, InvalidArgumentError, MlrecipeError } from './errors.js';
import { quietCpuBanner } from './patches/quiet_cpu_banner.js';
import { detectRuntime, type Runtime } from './runtime.js';
import { assertSingleTfjsCore } from './single_core.js';

/** What `useBackend` selected and why. */
export interface BackendSelection {
  readonly name: BackendName;
  /** The name tfjs knows it by (`tf.getBackend()`). */
  readonly tfjsName: string;
  readonly runtime: Runtime;
  /** Why this backend: asked for by name, or the first that worked in the `'auto'` order. */
  readonly reason: string;
  /** With `'auto'`: the better backends that could not be used, and why. */
  readonly skipped: ReadonlyArray<{ readonly name: BackendName; readonly reason: string }>;
  /** Kernels that training mlrecipe's layers needs and this backend lacks (see checkKernels). */
  readonly missingKernels: readonly string[];
  /** wasm: the threads of tfjs' XNNPACK kernels, and why fewer than asked when so. */
  readonly threads?: number;
  readonly threadsNote?: string;
  /** wasm: the threads mlrecipe's matrix products share (the calling one included). */
  readonly matMulThreads?: number;
}

/** Whether a backend could load here, and why not. */
export interface BackendAvailability {
  readonly name: BackendName;
  readonly available: boolean;
  /** Why it cannot load (absent with `available: true`). */
  readonly reason?: string;
  readonly packageName: string;
  /** wasm: how many threads it can use here, or why it runs single-threaded. */
  readonly note?: string;
}

let selected: BackendSelection | null = null;
const describedBackends = new Map<string, BackendDetails>();

type ActivationDetails = BackendDetails & { missingKernels: readonly string[]; note?: string };

const withNote = (reason: string, note: string | undefined) => (note === undefined ? reason : `${reason}: ${note}`);

/**
 * Selects the backend every tensor op runs on, loading its package on demand.
 *
 * `'auto'` tries, best first, cuda > tensorflow > wasm > cpu in Node and webgpu > webgl > wasm > cpu
 * in browsers, and reports what it picked and why the better ones were skipped. `'cuda'` and
 * `'tensorflow'` need the optional peers `@tensorflow/tfjs-node-gpu` / `@tensorflow/tfjs-node`;
 * when they are absent, `BackendUnavailableError` names the install command. Both register under
 * tfjs' name 'tensorflow', so `'cuda'` checks the running backend: only tfjs-node-gpu that found a
 * GPU is CUDA (a CPU tfjs-node, or tfjs-node-gpu without a GPU, is refused and `'auto'` moves on to
 * `'tensorflow'`); the reason says which package registered it and on which device it computes.
 *
 * @example
 * const { name, reason } = await useBackend('auto');
 * console.log(`training on ${name}: ${reason}`);
 */
export async function useBackend(
  request: BackendName | 'auto',
  options: BackendOptions = {},
): Promise<BackendSelection> {
  checkBackendOptions(options);
  if (request === 'auto') return useBestBackend(options);
  const spec = specFor(request, 'useBackend');
  const { note, ...details } = await activate(spec, detectRuntime(), options);
  selected = {
    name: spec.name,
    tfjsName: spec.tfjsName,
    runtime: detectRuntime(),
    reason: withNote(`asked for '${spec.name}'`, note),
    skipped: [],
    ...details,
  };
  return selected;
}

async function useBestBackend(options: BackendOptions): Promise<BackendSelection> {
  const runtime = detectRuntime();
  const order = AUTO_ORDER[runtime];
  const skipped: Array<{ name: BackendName; reason: string }> = [];
  for (const name of order) {
    let details: ActivationDetails;
    try {
      details = await activate(BACKEND_SPECS[name], runtime, options);
    } catch (error) {
      if (!(error instanceof BackendUnavailableError)) throw error;
      skipped.push({ name, reason: error.message });
      continue;
    }
    const spec = BACKEND_SPECS[name];
    const { note, ...rest } = details;
    selected = {
      name,
      tfjsName: spec.tfjsName,
      runtime,
      reason: withNote(
        skipped.length === 0
          ? `the fastest backend in the ${runtime} order (${order.join(' > ')})`
          : `the first usable backend in the ${runtime} order (${order.join(' > ')}); ${skipped.map((s) => s.name).join(', ')} could not be used`,
        note,
      ),
      skipped,
      ...rest,
    };
    return selected;
  }
  throw new BackendUnavailableError(
    'auto',
    `useBackend('auto'): no backend could be used in ${runtime}:\n${skipped.map((s) => `  ${s.name}: ${s.reason}`).join('\n')}`,
  );
}

async function activate(spec: BackendSpec, runtime: Runtime, options: BackendOptions): Promise<ActivationDetails> {
  if (!spec.runtimes.includes(runtime)) {
    const alternatives = AUTO_ORDER[runtime].filter((n) => BACKEND_SPECS[n].runtimes.includes(runtime));
    throw new BackendUnavailableError(
      spec.name,
      `backend '${spec.name}' does not run in ${runtime}; use one of ${alternatives.map((n) => `'${n}'`).join(', ')} or 'auto'`,
    );
  }
  const problem = await spec.environmentProblem(runtime);
  if (problem !== null) {
    throw new BackendUnavailableError(spec.name, `backend '${spec.name}' cannot run here: ${problem}`);
  }
  if (tf.findBackendFactory(spec.tfjsName) === null) await loadPackage(spec, options);
  assertSingleTfjsCore();
  if (tf.findBackendFactory(spec.tfjsName) === null) {
    throw new BackendUnavailableError(
      spec.name,
      `${spec.packageName} loaded but registered no '${spec.tfjsName}' backend with the tfjs-core @mlrecipe/tensor uses; ` +
        'it probably registered on another copy of @tensorflow/tfjs-core: make your app resolve a single copy',
    );
  }
  const previous: string | null = tf.engine().backendName ?? null;
  // Thread preparation only matters before the backend's first initialisation in this process.
  const firstStart = tf.engine().registry[spec.tfjsName] === undefined;
  // Patches throw BackendUnavailableError, having changed nothing, when tfjs is not what they expect.
  const patched = spec.patch === undefined ? undefined : await spec.patch(options, firstStart);
  let initialised: boolean;
  try {
    initialised = await tf.setBackend(spec.tfjsName);
    await tf.ready();
    if (spec.name === 'cpu') quietCpuBanner();
  } catch (error) {
    patched?.undo();
    throw new BackendUnavailableError(spec.name, `backend '${spec.name}' failed to initialise: ${messageOf(error)}`, {
      cause: error,
    });
  }
  if (!initialised) {
    patched?.undo();
    throw new BackendUnavailableError(
      spec.name,
      `backend '${spec.name}' failed to initialise (tfjs logged the cause above)` +
        (spec.name === 'wasm' ? '; in browsers, check that wasmPaths points to where the .wasm files are served' : ''),
    );
  }
  const verdict = spec.verify?.(tf.backend());
  if (verdict !== undefined && 'problem' in verdict) {
    patched?.undo();
    // Leave the backend that ran before, so a refused 'cuda' does not switch the app to a CPU build.
    if (previous !== null && previous !== spec.tfjsName && tf.findBackendFactory(previous) !== null)
      await tf.setBackend(previous);
    throw new BackendUnavailableError(spec.name, `backend '${spec.name}' cannot be used: ${verdict.problem}`);
  }
  if (patched !== undefined) describedBackends.set(spec.tfjsName, await patched.describe());
  const details = describedBackends.get(spec.tfjsName) ?? {};
  const asked = options.threads === undefined ? undefined : resolveThreads(options.threads);
  const fixedNote =
    !firstStart && asked !== undefined && details.threads !== undefined && asked !== details.threads
      ? {
          threadsNote: `${spec.name} already runs with ${details.threads} thread(s) in this process; the count is fixed when it first starts`,
        }
      : {};
  return {
    ...details,
    ...fixedNote,
    ...(verdict === undefined ? {} : { note: verdict.note }),
    missingKernels: LAYER_TRAINING_KERNELS.filter((k) => tf.getKernel(k, spec.tfjsName) === undefined),
  };
}

async function loadPackage(spec: BackendSpec, options: BackendOptions): Promise<void> {
  try {
    await spec.load(options);
  } catch (error) {
    if (isModuleNotFound(error, spec.packageName)) {
      throw new BackendUnavailableError(
        spec.name,
        `backend '${spec.name}' needs ${spec.packageName}, which is not installed` +
          `${spec.optionalPeer ? ' (it is an optional peer dependency of @mlrecipe/tensor)' : ''}. Install it with: ${spec.installHint}`,
        { cause: error },
      );
    }
    throw new BackendUnavailableError(
      spec.name,
      `backend '${spec.name}': ${spec.packageName} is installed but failed to load: ${messageOf(error)}. ` +
        `Reinstall it with: ${spec.installHint}`,
      { cause: error },
    );
  }
}

/**
 * The backend in use, or null before any was selected. If the app switched backends with
 * `tf.setBackend` directly, this reports that backend.
 */
export function currentBackend(): BackendName | null {
  const tfjsName = tf.engine().backendName;
  if (tfjsName == null) return null;
  if (selected !== null && selected.tfjsName === tfjsName) return selected.name;
  return BACKEND_NAMES.find((n) => BACKEND_SPECS[n].tfjsName === tfjsName) ?? null;
}

/**
 * Which backends could load here, each with the reason it cannot. Importing a backend's package
 * registers it (without switching to it); a backend reported available can still fail to
 * initialise, which `useBackend` reports.
 */
export async function availableBackends(): Promise<BackendAvailability[]> {
  const runtime = detectRuntime();
  const result: BackendAvailability[] = [];
  for (const name of AUTO_ORDER[runtime]) result.push(await availability(BACKEND_SPECS[name], runtime));
  for (const name of BACKEND_NAMES) {
    if (!AUTO_ORDER[runtime].includes(name)) result.push(await availability(BACKEND_SPECS[name], runtime));
  }
  return result;
}

async function availability(spec: BackendSpec, runtime: Runtime): Promise<BackendAvailability> {
  const base = { name: spec.name, packageName: spec.packageName };
  if (!spec.runtimes.includes(runtime)) {
    return { ...base, available: false, reason: `runs only in ${spec.runtimes.join(' or ')}, not in ${runtime}` };
  }
  const problem = await spec.environmentProblem(runtime);
  if (problem !== null) return { ...base, available: false, reason: problem };
  if (tf.findBackendFactory(spec.tfjsName) === null) {
    try {
      await loadPackage(spec, {});
    } catch (error) {
      return { ...base, available: false, reason: messageOf(error) };
    }
  }
  if (spec.name !== 'wasm') return { ...base, available: true };
  const threadProblem = threadsProblem();
  const note =
    threadProblem === null
      ? `multi-threaded: by default matrix products on ${logicalCores()} thread(s), other kernels on ${defaultThreads()} (useBackend('wasm', { threads }) to set both)`
      : `single-threaded: ${threadProblem}`;
  return { ...base, available: true, note };
}

function specFor(name: unknown, caller: string): BackendSpec {
  if (typeof name !== 'string' || !(BACKEND_NAMES as string[]).includes(name)) {
    throw new InvalidArgumentError(
      `${caller}: unknown backend ${JSON.stringify(name)}; use one of 'auto', ${BACKEND_NAMES.map((n) => `'${n}'`).join(', ')}`,
    );
  }
  return BACKEND_SPECS[name as BackendName];
}

function isModuleNotFound(error: unknown, packageName: string): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  const message = messageOf(error);
  if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') return message.includes(packageName);
  // Vite/vitest ("Could not resolve"), Chromium ("Failed to resolve module specifier"),
  // Firefox ("error loading dynamically imported module").
  return (
    (message.includes(packageName) && /could not resolve|cannot find (module|package)/i.test(message)) ||
    /resolve module specifier|dynamically imported module/i.test(message)
  );
}

function messageOf(error: unknown): string {
  if (error instanceof MlrecipeError) return error.message;
  return error instanceof Error ? error.message : String(error);
}

/** Options are checked before any backend is touched: a bad one must not half-switch the backend. */
function checkBackendOptions(options: BackendOptions): void {
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new InvalidArgumentError(
      `useBackend: options must be { wasmPaths?, threads? }, got ${JSON.stringify(options)}`,
    );
  }
  const { wasmPaths } = options;
  const pathMap =
    wasmPaths !== null &&
    typeof wasmPaths === 'object' &&
    !Array.isArray(wasmPaths) &&
    Object.values(wasmPaths).every((v) => typeof v === 'string');
  if (wasmPaths !== undefined && typeof wasmPaths !== 'string' && !pathMap) {
    throw new InvalidArgumentError(
      `useBackend: wasmPaths must be a directory URL ending in '/' or a map of file names to URLs, got ${JSON.stringify(wasmPaths)}`,
    );
  }
}
