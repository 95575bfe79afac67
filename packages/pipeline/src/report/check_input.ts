import { PipelineError } from '../errors.js';
import type { ReportInput } from './report.js';

const BLOCK_KINDS = ['paragraph', 'list', 'table', 'plot', 'caveats', 'images'];
const show = (v: unknown) => {
  try {
    return JSON.stringify(v)?.slice(0, 80) ?? String(v);
  } catch {
    return String(v);
  }
};

/**
 * The report's own inputs checked at the boundary, each with what was received and the fix: a
 * malformed section or candidate would otherwise render as nonsense (a string spread into letters)
 * or throw a TypeError deep in a renderer.
 */
export function checkReportInput(input: ReportInput): void {
  if (typeof input?.title !== 'string' || input.title.trim() === '')
    throw new PipelineError('report: give a title ({ title: "…", history, evaluation, diagnosis, … })');
  const { sections, candidates, examples, nextStepWording } = input;
  if (sections !== undefined) {
    if (!Array.isArray(sections))
      throw new PipelineError(`report: sections must be an array of { id, title, blocks }, got ${show(sections)}`);
    sections.forEach((s, i) => {
      if (typeof s?.id !== 'string' || s.id === '' || typeof s.title !== 'string' || !Array.isArray(s.blocks))
        throw new PipelineError(
          `report: sections[${i}] must be { id: 'a-name', title: 'A title', blocks: [...] }, got ${show(s)}`,
        );
      s.blocks.forEach((b: unknown, j: number) => {
        if (!BLOCK_KINDS.includes((b as { kind?: string })?.kind ?? ''))
          throw new PipelineError(
            `report: sections[${i}].blocks[${j}] has kind ${show((b as { kind?: unknown })?.kind)}; use one of ${BLOCK_KINDS.join(', ')}`,
          );
      });
    });
  }
  if (candidates !== undefined) {
    if (!Array.isArray(candidates))
      throw new PipelineError(`report: candidates must be an array of { name, history }, got ${show(candidates)}`);
    candidates.forEach((c, i) => {
      if (typeof c?.name !== 'string' || !Array.isArray(c.history))
        throw new PipelineError(
          `report: candidates[${i}] must be { name: 'model', history: trainResult.history }, got ${show(c)}`,
        );
    });
  }
  if (examples !== undefined) {
    if (!Array.isArray(examples))
      throw new PipelineError(`report: examples must be an array of { src, caption, … }, got ${show(examples)}`);
    examples.forEach((e, i) => {
      if (typeof e?.src !== 'string' || typeof e.caption !== 'string')
        throw new PipelineError(`report: examples[${i}] needs src (a data: URL) and caption strings, got ${show(e)}`);
      const p = e.probability;
      if (p !== undefined && !(typeof p === 'number' && p >= 0 && p <= 1))
        throw new PipelineError(`report: examples[${i}].probability is ${show(p)}; give a probability in [0, 1]`);
    });
  }
  if (nextStepWording !== undefined) {
    if (nextStepWording === null || typeof nextStepWording !== 'object' || Array.isArray(nextStepWording))
      throw new PipelineError(
        `report: nextStepWording must map a focus to its steps, e.g. { 'data-mismatch': ['…'] }, got ${show(nextStepWording)}`,
      );
    const foci = ['avoidable-bias', 'variance', 'data-mismatch', 'dev-overfit'];
    for (const [focus, steps] of Object.entries(nextStepWording)) {
      if (!foci.includes(focus))
        throw new PipelineError(`report: nextStepWording has '${focus}'; the foci are ${foci.join(', ')}`);
      if (!Array.isArray(steps) || steps.some((s) => s !== undefined && typeof s !== 'string'))
        throw new PipelineError(
          `report: nextStepWording['${focus}'] must be an array of strings (or undefined to keep a step), got ${show(steps)}`,
        );
    }
  }
}
