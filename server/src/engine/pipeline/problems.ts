/** A pipeline or package-index file that could not be read as its format requires. */
export interface PipelineProblem {
  /** What is wrong, as a sentence fragment (`jobs must be a mapping…`, the parser's message). */
  message: string;
  /** Where in the text. */
  offset: number;
  /** The key it concerns (`jobs.build.steps`), when one is known. */
  key?: string;
}
