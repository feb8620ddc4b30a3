/**
 * The HTML page every AISec webview uses (rendered documentation, reports, the finding details, the model
 * report editor): VS Code's theme through its CSS variables, and a content security policy that allows no
 * script but the page's own (rendered Markdown can hold text taken from a model file or from source code).
 * Free of the VS Code API for unit tests.
 */

export interface WebviewPageOptions {
  title: string;
  /** The page's body, already HTML. */
  body: string;
  /** `webview.cspSource`. */
  cspSource: string;
  /** A fresh random value; the page's one script carries it. */
  nonce: string;
  /** Script run in the page (it may call `acquireVsCodeApi()`); none when omitted. */
  script?: string;
}

const STYLE = `
body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground); background: var(--vscode-editor-background); padding: 0 20px 20px; line-height: 1.5; max-width: 60em; }
body.sidebar { background: transparent; padding: 0 12px 12px; }
h1, h2, h3 { font-weight: 600; border-bottom: 1px solid var(--vscode-panel-border, transparent); padding-bottom: 0.2em; }
h1 { font-size: 1.6em; } h2 { font-size: 1.3em; } h3 { font-size: 1.1em; }
a { color: var(--vscode-textLink-foreground); } a:hover { color: var(--vscode-textLink-activeForeground); }
code { font-family: var(--vscode-editor-font-family); font-size: 0.95em; background: var(--vscode-textCodeBlock-background); padding: 0.1em 0.3em; border-radius: 3px; }
pre { background: var(--vscode-textCodeBlock-background); padding: 0.6em 0.8em; overflow-x: auto; border-radius: 3px; }
pre code { background: transparent; padding: 0; }
table { border-collapse: collapse; } th, td { border: 1px solid var(--vscode-panel-border, #8884); padding: 0.2em 0.6em; text-align: left; }
blockquote { margin: 0; padding: 0 1em; border-left: 4px solid var(--vscode-textBlockQuote-border); background: var(--vscode-textBlockQuote-background); }
button { font-family: inherit; font-size: inherit; color: var(--vscode-button-foreground); background: var(--vscode-button-background); border: none; padding: 4px 10px; margin: 0 6px 6px 0; border-radius: 2px; cursor: pointer; }
button:hover { background: var(--vscode-button-hoverBackground); }
button.secondary { color: var(--vscode-button-secondaryForeground); background: var(--vscode-button-secondaryBackground); }
button.secondary:hover { background: var(--vscode-button-secondaryHoverBackground); }
.severity-error { color: var(--vscode-problemsErrorIcon-foreground); } .severity-warning { color: var(--vscode-problemsWarningIcon-foreground); } .severity-info { color: var(--vscode-problemsInfoIcon-foreground); }
.muted { color: var(--vscode-descriptionForeground); }
ol.flow li { margin-bottom: 0.4em; }
a.location { cursor: pointer; font-family: var(--vscode-editor-font-family); }
`;

export function webviewPage(options: WebviewPageOptions): string {
  const csp = [
    "default-src 'none'",
    `style-src ${options.cspSource} 'unsafe-inline'`,
    `img-src ${options.cspSource} https: data:`,
    `script-src 'nonce-${options.nonce}'`,
  ].join('; ');
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="UTF-8">',
    `<meta http-equiv="Content-Security-Policy" content="${csp}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1.0">',
    `<title>${escapeAttribute(options.title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    `<body>${options.body}${options.script ? `<script nonce="${options.nonce}">${options.script}</script>` : ''}</body>`,
    '</html>',
  ].join('\n');
}

function escapeAttribute(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
