/**
 * The phrase families of the catalogue's §3.3 for instruction files, as line-level patterns: secret
 * exfiltration (a secret source and a way out in one line) and approval bypass (the flags and keys that
 * turn approvals off, and sentences that keep the user out). Matched case-insensitively; a line that
 * forbids the thing ("never", "do not", "avoid") is a rule for the assistant, not an attack, and the
 * checker skips it for the families where the phrase itself carries no negation.
 */

/** Where secrets live: files, commands that print the environment, and names of credentials. */
export const SECRET_SOURCE = new RegExp(
  [
    String.raw`(?:^|[\s\`'"(/])\.env(?!\.(?:example|sample|template|dist|defaults?|schema)\b)(?![\w-])`,
    String.raw`~?/?\.ssh\b`, String.raw`\bid_(?:rsa|ed25519|ecdsa|dsa)\b`, String.raw`\.aws/credentials\b`, String.raw`\.(?:npmrc|pypirc|netrc|git-credentials)\b`,
    String.raw`\.docker/config\.json\b`, String.raw`\bprintenv\b`, String.raw`\benv\s*\|`, String.raw`\bprocess\.env\b`, String.raw`\bos\.environ\b`,
    String.raw`\b(?:api|secret|access|private|ssh|signing)[ _-]?keys?\b`, String.raw`\b(?:auth |access |api |github |npm |bearer )?tokens?\b`, String.raw`\bcredentials?\b`, String.raw`\bpasswords?\b`,
    String.raw`\b(?:crypto )?wallets?\b`, String.raw`\bkeychain\b`, String.raw`\b[A-Z][A-Z0-9_]*(?:_TOKEN|_SECRET|_API_KEY|_SECRET_ACCESS_KEY|_PASSWORD)\b`, String.raw`\bsecrets?\b`,
  ].join('|'),
  'i',
);

/** Ways out: upload commands, "send ... to" a place, or putting it where others read it. */
export const EXFILTRATION_SINK = new RegExp(
  [
    String.raw`\bcurl\b[^\n|]*\s(?:-d|--data(?:-binary|-raw|-urlencode)?|-F|--form|-T|--upload-file|-X\s*POST)\b`,
    String.raw`\bwget\b[^\n|]*--post-(?:data|file)\b`, String.raw`\|\s*(?:nc|ncat|netcat)\s`, String.raw`Invoke-(?:WebRequest|RestMethod)\b[^\n]*-Method\s+Post`,
    String.raw`\b(?:send|post|upload|exfiltrate|transmit|forward|leak|e-?mail|report|beacon)\b(?:[^.\n]|\.(?=\w)){0,80}\bto\s+(?:https?://|the\s+(?:url|server|endpoint|webhook|address)|\S+@\S+\.\w|(?:this|our|my|a)\s+(?:url|server|endpoint|webhook))`,
    String.raw`\b(?:include|paste|embed|add|put|print|echo|output|append|write|leave)\b(?:[^.\n]|\.(?=\w)){0,80}\b(?:in|into|to)\s+(?:the\s+|every\s+|each\s+|your\s+|a\s+)?(?:pull request|PR|commit(?: message)?|issue|comment|response|reply|answer|output|public|gist)\b`,
    String.raw`\b(?:git\s+add|commit|push)\b(?:[^.\n]|\.(?=\w)){0,40}(?:^|[\s\`'"(/])\.env(?![.\w-])`,
  ].join('|'),
  'i',
);

/** Flags and keys that turn an assistant's approvals off. */
export const APPROVAL_FLAGS = /--dangerously-skip-permissions\b|--dangerously-bypass-approvals-and-sandbox\b|\bbypassPermissions\b|--yolo\b|--approval-mode[= ]+yolo\b|--trust-all-tools\b|\bchat\.tools\.(?:global\.)?autoApprove\b|\bapproval_policy\s*=\s*["']?never\b|\bdanger-full-access\b|\byolo mode\b/gi;

/** Sentences that keep the user out of the loop; they carry their own negation, so no line-level negation check. */
export const KEEP_USER_OUT = new RegExp(
  [
    String.raw`\b(?:do not|don't|never)\s+(?:tell|inform|notify|alert|show|mention(?: this| it)? to|reveal(?: this| it)? to)\s+(?:this\s+|it\s+|anything\s+)?(?:to\s+)?the\s+user\b`,
    String.raw`\bwithout\s+(?:telling|informing|notifying|alerting)\s+the\s+user\b`,
    String.raw`\bhide\s+(?:this|it|these|them|the\s+\w+)(?:\s+\w+){0,4}\s+from\s+the\s+user\b`,
    // "Don't ask for confirmation of information already provided" is about questions, not approvals.
    String.raw`\b(?:never|do not|don't)\s+ask\s+(?:the user\s+)?(?:for\s+)?(?:confirmation|approval|permission)\b(?!\s+(?:of|about|regarding|on)\b)`,
    String.raw`\bwithout\s+asking\s+(?:the user\s+)?for\s+(?:confirmation|approval|permission)\b`,
    String.raw`\b(?:do not|don't|never)\s+mention\s+(?:this|these|the)\s+(?:change|changes|instruction|instructions|file|step)\b`,
    String.raw`\bignore\s+(?:all\s+)?(?:the\s+)?(?:previous|prior|above|earlier|preceding)\s+(?:instructions|rules|directions|guidelines)\b`,
  ].join('|'),
  'gi',
);

/** A line that forbids what it names is a rule for the assistant, not an attack. */
export const NEGATION = /\b(?:never|don't|do not|dont|avoid|must not|mustn't|should not|shouldn't|forbid(?:den)?|prohibit(?:ed)?|not allowed|refuse|disallow(?:ed)?|no longer|instead of|rather than|warning|beware|dangerous|unsafe|risky)\b/i;
