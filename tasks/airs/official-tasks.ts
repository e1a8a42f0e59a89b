/**
 * The 20 official AIRS-Bench tasks as their `evaluate.py` scripts score them: which rule, which
 * submission columns, and how the labels are cut out of `test_with_labels`. Facts read from the
 * official task folders (airsbench/tasks/rad/<name>/evaluate.py, project_description.md).
 */
import type { AirsEvaluatorId, Row } from "./format.js";

export interface OfficialTaskSpec {
  evaluator: AirsEvaluatorId;
  /** The header project_description.md asks for. */
  submissionColumns: readonly string[];
  /**
   * evaluate.py reads the one column by position (`submission_df.values.squeeze()`), so its
   * header's name does not matter; otherwise the columns are read by name.
   */
  positional: boolean;
  /** The column evaluateAirs compares, in the submission rows and in the label rows. */
  scoringColumn: string;
  /** Test rows when metadata.yaml leaves `shape` empty. */
  testRows?: number;
  /** Label rows from test_with_labels rows, as load_test_set builds them; default: as they are. */
  labels?: (rows: readonly Row[]) => Row[];
  /** evaluate.py cannot run here (APPS runs generated programs); the reason, one line. */
  unsupported?: string;
}

const column = (
  name: string,
): Pick<OfficialTaskSpec, "submissionColumns" | "positional" | "scoringColumn"> => ({
  submissionColumns: [name],
  positional: true,
  scoringColumn: name,
});

/** A single-column task whose submission header differs from the label column it is scored on. */
const renamed = (
  header: string,
  label: string,
): Pick<OfficialTaskSpec, "submissionColumns" | "positional" | "scoringColumn"> => ({
  submissionColumns: [header],
  positional: true,
  scoringColumn: label,
});

const asList = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

/** SQuAD / ELI5 keep answers as a struct {text: [...], ...}: the label is its text list. */
function answerTexts(value: unknown): unknown[] {
  if (value !== null && typeof value === "object" && !Array.isArray(value)) {
    return asList((value as { text?: unknown }).text);
  }
  return asList(value);
}

/** Rideshare: every series of every row is one label row, its first 48 forecast steps padded with NaN. */
function rideshareLabels(rows: readonly Row[]): Row[] {
  const out: Row[] = [];
  for (const row of rows) {
    const history = asList(row.target);
    asList(row.label_target).forEach((series, i) => {
      const forecast = asList(series).slice(asList(history[i]).length, asList(history[i]).length + 48);
      while (forecast.length < 48) forecast.push(Number.NaN);
      out.push({ label_target: forecast.map((value) => (value === null ? Number.NaN : value)) });
    });
  }
  return out;
}

/** Solar weekly: the label is the part of label_target past the history (`target`). */
function forecastPart(rows: readonly Row[]): Row[] {
  return rows.map((row) => ({
    label_target: asList(row.label_target)
      .slice(asList(row.target).length)
      .map((value) => (value === null ? Number.NaN : value)),
  }));
}

const QM9 = (target: string): OfficialTaskSpec => ({ evaluator: "mae", ...column(target) });

export const OFFICIAL_TASKS: Readonly<Record<string, OfficialTaskSpec>> = {
  CodeGenerationAPPSPassAt5: {
    evaluator: "pass-at-k",
    submissionColumns: ["code1", "code2", "code3", "code4", "code5"],
    positional: false,
    scoringColumn: "input_output",
    testRows: 5000,
    unsupported: "Pass@5 runs the submitted programs against hidden tests; airs score does not run them yet",
  },
  CodeRetrievalCodeXGlueMRR: {
    evaluator: "mrr",
    submissionColumns: ["query", "rankings"],
    positional: false,
    scoringColumn: "id",
  },
  CoreferenceResolutionSuperGLUEWSCAccuracy: { evaluator: "accuracy-int", ...renamed("Answer", "label") },
  CoreferenceResolutionWinograndeAccuracy: { evaluator: "accuracy-int", ...renamed("Answer", "answer") },
  CvMolecularPropertyPredictionQm9MeanAbsoluteError: QM9("c_v"),
  GMolecularPropertyPredictionQm9MeanAbsoluteError: QM9("G"),
  GraphRegressionZincMae: { evaluator: "mae", ...column("y"), testRows: 5000 },
  MathQuestionAnsweringSVAMPAccuracy: { evaluator: "accuracy-int", ...column("Answer") },
  QuestionAnsweringDuoRCAccuracy: {
    evaluator: "duorc",
    submissionColumns: ["has_answer", "answer"],
    positional: false,
    scoringColumn: "answers",
    labels: (rows) => rows.map((row) => ({ answers: asList(row.answers), no_answer: row.no_answer })),
  },
  QuestionAnsweringEli5RougeL: {
    evaluator: "rouge-l",
    ...column("answers"),
    labels: (rows) => rows.map((row) => ({ answers: answerTexts(row.answers)[0] ?? "" })),
  },
  QuestionAnsweringFinqaAccuracy: { evaluator: "accuracy-finqa", ...column("answer"), testRows: 1147 },
  R2AbsMolecularPropertyPredictionQm9MeanAbsoluteError: QM9("R_2_Abs"),
  ReadingComprehensionSquadExactMatch: {
    evaluator: "exact-match-squad",
    ...column("answers"),
    labels: (rows) => rows.map((row) => ({ answers: answerTexts(row.answers) })),
  },
  SentimentAnalysisYelpReviewFullAccuracy: { evaluator: "accuracy", ...column("label") },
  TextualClassificationSickAccuracy: { evaluator: "accuracy", ...column("label") },
  TextualSimilaritySickSpearmanCorrelation: { evaluator: "spearman", ...column("relatedness_score") },
  TimeSeriesForecastingKaggleWebTrafficMASE: { evaluator: "mase", ...column("label_target") },
  TimeSeriesForecastingRideshareMAE: {
    evaluator: "mae-masked",
    ...column("label_target"),
    labels: rideshareLabels,
  },
  TimeSeriesForecastingSolarWeeklyMAE: {
    evaluator: "mae-masked",
    ...column("label_target"),
    labels: forecastPart,
  },
  U0MolecularPropertyPredictionQm9MeanAbsoluteError: QM9("U_0"),
};

/** The evaluator an unknown task's metric name implies (metadata.yaml's `metric`). */
export function evaluatorForMetric(metric: string): AirsEvaluatorId | undefined {
  const key = metric.toLowerCase().replace(/[^a-z0-9@]/g, "");
  const byMetric: Record<string, AirsEvaluatorId> = {
    accuracy: "accuracy",
    meanabsoluteerror: "mae",
    mae: "mae",
    spearmancorrelation: "spearman",
    spearman: "spearman",
    mrr: "mrr",
    rougel: "rouge-l",
    exactmatch: "exact-match-squad",
    mase: "mase",
  };
  return byMetric[key] ?? (/^pass@\d+$/.test(key) ? "pass-at-k" : undefined);
}
