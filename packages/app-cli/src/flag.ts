import { UsageError } from './usage_error.js';

/**
 * One command-line flag: how it is written in `--help`, its default, and how its text becomes a
 * typed value. `T` is the value the app reads; a flag without a default reads `undefined` when absent.
 */
export interface Flag<T> {
  /** One line for `--help`. */
  readonly help: string;
  /** What the value looks like in `--help` (`N`, `F`, `DIR`, `a|b`); `undefined` for a switch. */
  readonly valueName: string | undefined;
  /** The value when the flag is absent. */
  readonly default: T;
  /** The value when present: the switch's `true`, or the text converted; throws `UsageError`. */
  parse(text: string, flagName: string): T;
}

/** The bounds of a numeric flag; both inclusive. */
export interface NumberBounds {
  readonly min?: number;
  readonly max?: number;
}

/** Options shared by every flag that takes a value. */
export interface ValueFlagOptions<D> {
  /** One line for `--help`; the default is appended to it. */
  readonly help: string;
  /** The value when the flag is absent (omit for "unset": the app reads `undefined`). */
  readonly default?: D;
  /** Overrides the placeholder shown in `--help`. */
  readonly valueName?: string;
}

const withDefault = (help: string, value: unknown) =>
  value === undefined || value === false ? help : `${help} (default ${Array.isArray(value) ? value.join(',') : value})`;

/**
 * A switch: `--full` is `true`, absence is `false`. It takes no value (`--full=yes` is an error).
 *
 * @example
 * const full = switchFlag('the course\'s sizes: 200000 web, 10000 app (slow)');
 */
export function switchFlag(help: string): Flag<boolean> {
  return { help, valueName: undefined, default: false, parse: () => true };
}

function checkBounds(value: number, text: string, flagName: string, { min, max }: NumberBounds): number {
  if ((min !== undefined && value < min) || (max !== undefined && value > max)) {
    const range =
      min !== undefined && max !== undefined
        ? `between ${min} and ${max}`
        : min !== undefined
          ? `at least ${min}`
          : `at most ${max}`;
    throw new UsageError(`--${flagName} must be ${range}, got '${text}'`);
  }
  return value;
}

/**
 * A whole number, such as `--epochs 4` or `--seed 7`; `4.5`, `abc` and out-of-range values are usage errors.
 *
 * @example
 * const epochs = integerFlag({ help: 'epochs per candidate', default: 4, min: 1 });
 */
export function integerFlag<D extends number | undefined = undefined>(
  options: ValueFlagOptions<D> & NumberBounds,
): Flag<number | D> {
  return {
    help: withDefault(options.help, options.default),
    valueName: options.valueName ?? 'N',
    default: options.default as D,
    parse(text, flagName) {
      if (!/^[+-]?\d+$/.test(text.trim())) throw new UsageError(`--${flagName} must be a whole number, got '${text}'`);
      return checkBounds(Number(text), text, flagName, options);
    },
  };
}

/**
 * A finite number, such as `--scale 0.1`; `abc`, `NaN`, `Infinity` and out-of-range values are usage errors.
 *
 * @example
 * const scale = numberFlag({ help: 'multiply the default sizes', default: 1, min: 0 });
 */
export function numberFlag<D extends number | undefined = undefined>(
  options: ValueFlagOptions<D> & NumberBounds,
): Flag<number | D> {
  return {
    help: withDefault(options.help, options.default),
    valueName: options.valueName ?? 'F',
    default: options.default as D,
    parse(text, flagName) {
      const value = text.trim() === '' ? Number.NaN : Number(text);
      if (!Number.isFinite(value)) throw new UsageError(`--${flagName} must be a number, got '${text}'`);
      return checkBounds(value, text, flagName, options);
    },
  };
}

/**
 * One of a fixed set of words, such as `--track synthetic|fashion`.
 *
 * @example
 * const track = choiceFlag({ help: 'which pictures', choices: ['synthetic', 'fashion'], default: 'synthetic' });
 */
export function choiceFlag<const C extends readonly string[], D extends C[number] | undefined = undefined>(
  options: ValueFlagOptions<D> & { readonly choices: C },
): Flag<C[number] | D> {
  return {
    help: withDefault(options.help, options.default),
    valueName: options.valueName ?? options.choices.join('|'),
    default: options.default as D,
    parse(text, flagName) {
      if (!options.choices.includes(text)) {
        throw new UsageError(`--${flagName} must be one of ${options.choices.join(', ')}, got '${text}'`);
      }
      return text;
    },
  };
}

/**
 * Free text, such as a directory (`--out reports`); only an empty value is refused.
 *
 * @example
 * const cache = textFlag({ help: 'where synthesised speech is cached', default: '.cache/tts', valueName: 'DIR' });
 */
export function textFlag<D extends string | undefined = undefined>(options: ValueFlagOptions<D>): Flag<string | D> {
  return {
    help: withDefault(options.help, options.default),
    valueName: options.valueName ?? 'TEXT',
    default: options.default as D,
    parse(text, flagName) {
      if (text === '') throw new UsageError(`--${flagName} needs a non-empty value, got ''`);
      return text;
    },
  };
}

/**
 * A comma-separated list whose items are read by another flag's rules, such as `--sizes 100,300,1000`
 * (items of an `integerFlag`) or `--models mlp-64,cnn-8-16` (items of a `choiceFlag`). Empty lists and
 * empty items are usage errors; the message names the bad item.
 *
 * @example
 * const sizes = listFlag(integerFlag({ help: '', min: 1 }), { help: 'training-set sizes', default: [100, 300] });
 */
export function listFlag<T, D extends readonly T[] | undefined = undefined>(
  item: Flag<T | undefined>,
  options: ValueFlagOptions<D>,
): Flag<readonly T[] | D> {
  return {
    help: withDefault(options.help, options.default),
    valueName: options.valueName ?? `${item.valueName ?? 'X'},…`,
    default: options.default as D,
    parse(text, flagName) {
      const parts = text.split(',');
      if (parts.some((p) => p.trim() === '')) {
        throw new UsageError(`--${flagName} must be a comma-separated list with no empty item, got '${text}'`);
      }
      return parts.map((part) => {
        try {
          return item.parse(part.trim(), flagName) as T;
        } catch (error) {
          if (!(error instanceof UsageError)) throw error;
          throw new UsageError(
            `${error.message.replace(/, got '.*'$/, '')} (each item of the list), got '${part}' in '${text}'`,
          );
        }
      });
    },
  };
}
