/**
 * Text that arrives in pieces (a model's streamed explanation), shown while it grows: pieces are joined as
 * they come, and the display is redrawn at most once per interval, never while a redraw is still running
 * (rendering Markdown is asynchronous), and always once more with the whole text when the stream ends.
 * Free of VS Code, so its timing is tested on its own.
 */
export type RenderText = (text: string, done: boolean) => Promise<void> | void;

export class StreamedText {
  private text = '';
  private rendering: Promise<void> | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private lastRender = -Infinity;
  private finished = false;

  constructor(
    private readonly render: RenderText,
    private readonly intervalMs = 150,
    private readonly now: () => number = () => Date.now(),
  ) {}

  /** The text so far. */
  get value(): string {
    return this.text;
  }

  push(delta: string): void {
    if (this.finished || delta === '') return;
    this.text += delta;
    this.schedule();
  }

  /** Shows the final text (the whole answer, which wins over the pieces) once any running redraw is done. */
  async finish(whole?: string): Promise<void> {
    this.finished = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    if (whole !== undefined) this.text = whole;
    await this.rendering;
    await this.render(this.text, true);
  }

  /** Stops redrawing (the stream failed or the view closed). */
  dispose(): void {
    this.finished = true;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(): void {
    if (this.timer || this.rendering) return;
    const wait = Math.max(0, this.lastRender + this.intervalMs - this.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.finished) return;
      this.lastRender = this.now();
      const shown = this.text;
      this.rendering = Promise.resolve(this.render(shown, false))
        .catch(() => undefined)
        .finally(() => {
          this.rendering = undefined;
          // Pieces that came during the redraw are shown by the next one.
          if (!this.finished && this.text !== shown) this.schedule();
        });
    }, wait);
  }
}
