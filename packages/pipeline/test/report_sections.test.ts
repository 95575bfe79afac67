import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PipelineError, type Report, report, wordNextSteps } from '../src/index.js';
import { prArea, prPoints, rocArea, rocPoints } from '../src/report/ranking_curves.js';
import {
  boneAgeReportInput,
  catReportInput,
  classificationEvaluation,
  speechReportInput,
} from './fixtures/report_inputs.js';

const unescapeHtml = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');

/** Each format's sections as [title, plots shown, tables shown], read back from the rendered text. */
function markdownSections(markdown: string) {
  return markdown
    .split(/^## /m)
    .slice(1)
    .map((part) => {
      const title = part.slice(0, part.indexOf('\n'));
      const plots = [...part.matchAll(/\]\(plots\/([\w-]+)\.svg\)/g)].map((m) => m[1]);
      const tables = part.match(/^\|---/gm)?.length ?? 0;
      return [title, plots, tables];
    });
}

function htmlSections(html: string) {
  return [...html.matchAll(/<section id="[^"]+"><h2>(.*?)<\/h2>([\s\S]*?)<\/section>/g)].map((m) => {
    const plots = [...m[2]!.matchAll(/data-plot="([\w-]+)"/g)].map((p) => p[1]);
    const tables = m[2]!.match(/<table>/g)?.length ?? 0;
    return [unescapeHtml(m[1]!), plots, tables];
  });
}

function expectSameSections(r: Report) {
  const fromModel = r.sections.map((s) => s.title);
  expect(markdownSections(r.markdown).map((s) => s[0])).toEqual(fromModel);
  expect(htmlSections(r.html)).toEqual(markdownSections(r.markdown));
}

describe('one list of sections, two renderings', () => {
  it('Markdown and HTML list the same sections with the same plots and tables, for each app', async () => {
    for (const input of [catReportInput(), speechReportInput(), boneAgeReportInput()]) {
      const r = await report(input);
      expectSameSections(r);
      for (const name of Object.keys(r.plots)) expect(r.markdown).toContain(`](plots/${name}.svg)`);
    }
  });

  it('keeps what the report showed: diagnosis, support, health, decisions, error analysis, learning curves, caveats, images', async () => {
    const cat = await report(catReportInput());
    expect(cat.sections.map((s) => s.id)).toEqual([
      'notes',
      'diagnosis',
      'support',
      'next-steps',
      'evaluation',
      'per-class',
      'ranking',
      'table-1',
      'training',
      'training-health',
      'error-analysis',
      'examples',
    ]);
    // Caveats and images are in the Markdown now, the learning-curve table and crossovers in the HTML.
    expect(cat.markdown).toContain('> **Note:** All pictures are SYNTHETIC (generator v1, seed 2).');
    // "Dev error if all fixed" is a number, no longer a bar whose length is the share (longer read as higher).
    expect(cat.html).toContain('<th>dev error if all fixed</th>');
    expect(cat.html).not.toContain('class="bar"');
    expect(cat.markdown).toMatch(
      /- !\[true cat, predicted not cat \(P = 0\.83\): blurry\]\(data:image\/svg\+xml;base64,/,
    );
    const bone = await report(boneAgeReportInput());
    expect(bone.html).toContain(
      '<p>Crossovers: end-to-end overtakes two-step (keypoints, then age) at 1000 examples.</p>',
    );
    expect(bone.html).toContain('<th>3000 examples</th>');
    // Dev (where the choice is made) and test (final figures), each with its interval over the set's examples.
    expect(bone.markdown).toContain('Dev error (the approach is chosen on dev), mean over seeds [95 % interval');
    expect(bone.markdown).toContain(
      '| end-to-end | 2.400 [2.26 to 2.54] | 1.600 [1.50 to 1.70] | 1.100 [1.03 to 1.17] | 0.8500 [0.799 to 0.901] |',
    );
    expect(bone.markdown).toContain(
      'Chosen on dev: at 100 examples, two-step (keypoints, then age) by 0.2000 [0.188 to 0.212] over end-to-end on the same examples: the data support it;',
    );
  });

  it('adds extra sections after the built-in ones, and rejects a repeated id', async () => {
    const input = {
      ...boneAgeReportInput(),
      sections: [
        {
          id: 'cross-validation',
          title: 'Cross-validation',
          blocks: [{ kind: 'paragraph' as const, text: '5 folds' }],
        },
      ],
    };
    const r = await report(input);
    expect(r.sections.at(-1)!.id).toBe('cross-validation');
    expect(r.markdown).toMatch(/## Cross-validation\n\n5 folds\n$/);
    expectSameSections(r);
    await expect(
      report({ ...input, sections: [{ id: 'learning-curves', title: 'Again', blocks: [] }] }),
    ).rejects.toThrow(PipelineError);
    await expect(
      report({ ...input, sections: [{ id: 'learning-curves', title: 'Again', blocks: [] }] }),
    ).rejects.toThrow(/two sections have the id 'learning-curves'/);
  });

  it('any combination of inputs gives the same sections in both formats, in the documented order (seeded property)', async () => {
    const cat = catReportInput();
    const bone = boneAgeReportInput();
    const parts = {
      notes: { notes: cat.notes },
      diagnosis: { diagnosis: cat.diagnosis, evaluation: cat.evaluation, classNames: cat.classNames },
      nextSteps: { nextSteps: cat.nextSteps, nextStepWording: cat.nextStepWording },
      decisions: { decisions: cat.decisions },
      tables: { tables: cat.tables },
      history: { history: cat.history },
      candidates: { candidates: cat.candidates },
      errorAnalysis: { errorAnalysis: cat.errorAnalysis, labelNoise: cat.labelNoise },
      examples: { examples: cat.examples },
      comparison: { comparison: bone.comparison, humanLevel: bone.humanLevel },
      sections: { sections: [{ id: 'extra', title: 'Extra', blocks: [{ kind: 'list' as const, items: ['x'] }] }] },
    };
    const ORDER = ['notes', 'diagnosis', 'support', 'next-steps', 'evaluation', 'per-class', 'ranking', 'table-1'];
    const LATER = ['training', 'training-health', 'error-analysis', 'examples', 'learning-curves', 'extra'];
    await fc.assert(
      fc.asyncProperty(fc.subarray(Object.keys(parts) as (keyof typeof parts)[]), async (chosen) => {
        const input = Object.assign({ title: 'Combination' }, ...chosen.map((k) => parts[k]));
        const r = await report(input);
        expectSameSections(r);
        const ids = r.sections.map((x) => x.id);
        const rank = (id: string) => [...ORDER, ...LATER].indexOf(id);
        expect(ids.every((id) => rank(id) >= 0)).toBe(true);
        expect([...ids].sort((a, b) => rank(a) - rank(b))).toEqual(ids);
      }),
      { seed: 2020, numRuns: 12 },
    );
  }, 120_000);

  it('renders any text the same way in both formats, escaped in HTML (seeded property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.string({ minLength: 1, maxLength: 12 }).filter((s) => !/[\n|]/.test(s) && s.trim() !== ''),
          {
            minLength: 1,
            maxLength: 3,
          },
        ),
        fc.boolean(),
        async (titles, withNotes) => {
          const r = await report({
            title: 'Property',
            ...(withNotes ? { notes: ['<b>&</b>'] } : {}),
            tables: titles.map((title) => ({ title, head: ['a'], rows: [[title]] })),
          });
          expect(htmlSections(r.html).map((s) => s[0])).toEqual(r.sections.map((s) => s.title));
          expect(markdownSections(r.markdown).map((s) => s[0])).toEqual(r.sections.map((s) => s.title));
          expect(r.html).not.toContain('<b>&</b>');
        },
      ),
      { seed: 20, numRuns: 25 },
    );
  });
});

// The fixture below and its references:
// python3 -c "from sklearn.metrics import roc_curve, precision_recall_curve, roc_auc_score, average_precision_score
// y=[0,0,1,1,0,1,1,0,1,0,1,1]; p=[0.1,0.4,0.35,0.8,0.2,0.9,0.6,0.6,0.7,0.3,0.45,0.2]
// print(roc_curve(y,p,drop_intermediate=False)[:2], precision_recall_curve(y,p)[:2], roc_auc_score(y,p), average_precision_score(y,p))"
const Y = [0, 0, 1, 1, 0, 1, 1, 0, 1, 0, 1, 1];
const P = [0.1, 0.4, 0.35, 0.8, 0.2, 0.9, 0.6, 0.6, 0.7, 0.3, 0.45, 0.2];
const SK_FPR = [0, 0, 0, 0, 0.2, 0.2, 0.4, 0.4, 0.6, 0.8, 1];
const SK_TPR = [0, 1, 2, 3, 4, 5, 5, 6, 6, 7, 7].map((t) => t / 7);
const SK_PRECISION = [
  0.5833333333333334, 0.6363636363636364, 0.6666666666666666, 0.75, 0.7142857142857143, 0.8333333333333334, 0.8, 1, 1,
  1, 1,
];
const SK_RECALL = [7, 7, 6, 6, 5, 5, 4, 3, 2, 1, 0].map((t) => t / 7);
const SK_AUC = 0.7999999999999999;
const SK_AP = 0.8599567099567098;

describe('ROC and precision–recall curves', () => {
  it('match scikit-learn point for point, ties in score forming one step', () => {
    const roc = rocPoints(
      Y.map((y) => y === 1),
      P,
    )!;
    expect(roc.map((p) => p.falsePositiveRate)).toEqual(SK_FPR.map((v) => expect.closeTo(v, 12)));
    expect(roc.map((p) => p.truePositiveRate)).toEqual(SK_TPR.map((v) => expect.closeTo(v, 12)));
    const pr = prPoints(
      Y.map((y) => y === 1),
      P,
    )!;
    // scikit-learn lists recall falling; the report draws it rising.
    expect(pr.map((p) => p.precision)).toEqual([...SK_PRECISION].reverse().map((v) => expect.closeTo(v, 12)));
    expect(pr.map((p) => p.recall)).toEqual([...SK_RECALL].reverse().map((v) => expect.closeTo(v, 12)));
    expect(rocArea(roc)).toBeCloseTo(SK_AUC, 12);
    expect(prArea(pr)).toBeCloseTo(SK_AP, 12);
    expect(rocPoints([true, true], [0.2, 0.3])).toBeNull(); // no negatives: no ROC curve
    expect(prPoints([false, false], [0.2, 0.3])).toBeNull();
  });

  it('the report draws them from the dev probabilities and quotes the areas metrics computes', async () => {
    const scores = P.flatMap((p) => [1 - p, p]);
    const r = await report({
      title: 'Ranking',
      classNames: ['not cat', 'cat'],
      evaluation: { dev: classificationEvaluation(Y, scores, 2) },
    });
    expect(Object.keys(r.plots)).toEqual(['confusion-matrix', 'roc', 'precision-recall']);
    expect(r.markdown).toContain(`| cat | ${SK_AUC.toFixed(4)} | ${SK_AP.toFixed(4)} |`);
    for (const title of ['false-positive rate', 'true-positive rate'])
      expect(r.plots.roc).toContain(`>${title}</text>`);
    for (const title of ['recall', 'precision', 'cat'])
      expect(r.plots['precision-recall']).toContain(`>${title}</text>`);
  });
});

describe('many classes', () => {
  it('lists the areas of every class but draws no tangle of twelve curves', async () => {
    const k = 12;
    const labels = Array.from({ length: 48 }, (_, r) => r % k);
    // Each row gives its true class 0.5 and the rest 0.5 / 11: every class ranks its own rows first.
    const scores = labels.flatMap((y) => Array.from({ length: k }, (_, c) => (c === y ? 0.5 : 0.5 / (k - 1))));
    const r = await report({ title: 'Twelve', evaluation: { dev: classificationEvaluation(labels, scores, k) } });
    const table = r.sections.find((s) => s.id === 'ranking')!.blocks.find((b) => b.kind === 'table')!;
    if (table.kind !== 'table') throw new Error('expected a table');
    expect(table.rows).toHaveLength(k);
    expect(table.rows.every((row) => row[1] === '1.0000' && row[2] === '1.0000')).toBe(true); // perfect ranking
    expect(r.plots.roc).toBeUndefined();
    expect(r.markdown).toContain('12 classes are too many curves for one chart: the table lists each.');
  });
});

describe('per-class precision, recall and F1', () => {
  it('gives each class its counts, rates and Wilson intervals (statsmodels), F1 with a bootstrap interval', async () => {
    // predictions p > 0.5: confusion [[4, 1], [3, 4]] (rows true, columns predicted).
    // python3 -c "from statsmodels.stats.proportion import proportion_confint as c; print(c(4,5,method='wilson'), c(4,7,method='wilson'))"
    const W45 = [0.3755346297625252, 0.9637758913675698];
    const W47 = [0.2504583645276572, 0.8417801447485302];
    const f = (v: number) => v.toFixed(3);
    const scores = P.flatMap((p) => [1 - p, p]);
    const r = await report({
      title: 'Per class',
      classNames: ['not cat', 'cat'],
      evaluation: { dev: classificationEvaluation(Y, scores, 2) },
    });
    const table = r.sections.find((s) => s.id === 'per-class')!.blocks[0]!;
    if (table.kind !== 'table') throw new Error('expected a table');
    const [notCat, cat] = table.rows;
    // not cat: tp 4 of 5 true and of 7 predicted; cat: tp 4 of 7 true and of 5 predicted; F1 = 2·4/(5+7) for both.
    expect(notCat!.slice(0, 5)).toEqual([
      'not cat',
      '5',
      '7',
      `0.571 (${f(W47[0]!)} to ${f(W47[1]!)})`,
      `0.800 (${f(W45[0]!)} to ${f(W45[1]!)})`,
    ]);
    expect(cat!.slice(0, 5)).toEqual([
      'cat',
      '7',
      '5',
      `0.800 (${f(W45[0]!)} to ${f(W45[1]!)})`,
      `0.571 (${f(W47[0]!)} to ${f(W47[1]!)})`,
    ]);
    for (const row of [notCat!, cat!]) {
      const [, value, low, high] = row[5]!.match(/^([\d.]+) \(([\d.]+) to ([\d.]+)\)$/)!.map(Number);
      expect(value).toBe(0.667);
      expect(low).toBeLessThan(value!);
      expect(high).toBeGreaterThan(value!);
    }
  });

  it('says n/a where a class was never predicted, rather than 0', async () => {
    const r = await report({
      title: 'Never predicted',
      evaluation: {
        dev: classificationEvaluation([0, 1, 2, 2], [0.9, 0.05, 0.05, 0.1, 0.8, 0.1, 0.2, 0.7, 0.1, 0.6, 0.3, 0.1], 3),
      },
    });
    expect(r.markdown).toContain(
      '| 2 | 2 | 0 | n/a (nothing to measure it on) | 0.000 (0.000 to 0.658) | n/a (nothing to measure it on) |',
    );
  });
});

describe('next steps in the app’s words', () => {
  it('rewords the recipe’s steps for a focus and leaves the run’s own steps alone', async () => {
    const cat = await report(catReportInput());
    expect(cat.markdown).not.toMatch(/car noise|speech/);
    const steps = wordNextSteps(
      [
        'Do manual error analysis to understand how the training data differ from dev/test.',
        "Error analysis: 'blurry' is 40.0 % of reviewed dev errors.",
      ],
      { 'data-mismatch': ['Look at misclassified app pictures.'] },
    );
    expect(steps).toEqual([
      'Look at misclassified app pictures.',
      "Error analysis: 'blurry' is 40.0 % of reviewed dev errors.",
    ]);
  });
});

describe('bad report input', () => {
  const cases: [string, Record<string, unknown>, RegExp][] = [
    ['sections not an array', { sections: 'cv' }, /sections must be an array of \{ id, title, blocks \}, got "cv"/],
    ['a section without blocks', { sections: [{ id: 'cv', title: 'CV' }] }, /sections\[0\] must be \{ id: 'a-name'/],
    [
      'an unknown block kind',
      { sections: [{ id: 'cv', title: 'CV', blocks: [{ kind: 'chart' }] }] },
      /sections\[0\]\.blocks\[0\] has kind "chart"; use one of paragraph, list, table, plot, caveats, images/,
    ],
    [
      'candidates without history',
      { candidates: [{ name: 'a' }] },
      /candidates\[0\] must be \{ name: 'model', history/,
    ],
    [
      'a probability above 1',
      { examples: [{ src: 'data:,', caption: 'x', probability: 83 }] },
      /examples\[0\]\.probability is 83; give a probability in \[0, 1\]/,
    ],
    [
      'an unknown focus',
      { nextStepWording: { bias: ['x'] } },
      /nextStepWording has 'bias'; the foci are avoidable-bias/,
    ],
    [
      'wording not strings',
      { nextStepWording: { variance: 'x' } },
      /nextStepWording\['variance'\] must be an array of strings/,
    ],
  ];
  for (const [what, extra, message] of cases)
    it(`rejects ${what} with a PipelineError saying what it got and what to give`, async () => {
      const attempt = report({ title: 'Bad', ...extra } as never);
      await expect(attempt).rejects.toThrow(PipelineError);
      await expect(report({ title: 'Bad', ...extra } as never)).rejects.toThrow(message);
    });
});
