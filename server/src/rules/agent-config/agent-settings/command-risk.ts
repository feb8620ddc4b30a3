/** Whether a configured command fetches something from the network or feeds text into a shell. */

const DOWNLOADERS = /\b(curl|wget|iwr|irm|Invoke-WebRequest|Invoke-RestMethod)\b|https?:\/\//i;
const PIPE_TO_SHELL = /\|\s*(sudo\s+)?(ba|z|da|k)?sh\b|\|\s*(iex|Invoke-Expression)\b|\beval\s+["'`$]/i;

export function downloadsOrPipes(command: string): boolean {
  return DOWNLOADERS.test(command) || PIPE_TO_SHELL.test(command);
}
