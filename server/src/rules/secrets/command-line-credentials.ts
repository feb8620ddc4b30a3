/**
 * Passwords and tokens that command-line tools take as arguments, where no credential name is bound to the value with
 * `=` or `:` (the `--password X`, `--token X`, `curl -u`, `mysql -pX`, `docker login -p` and `sshpass -p` shapes are
 * the scanner's own `COMMAND_ANCHORS`): `redis-cli -a X`/`--pass X`, `az login -p X`, the MySQL tools' `-pX`,
 * `mongo -p X`, `htpasswd -b file user X`, `echo X | docker login --password-stdin`, `curl --oauth2-bearer X`,
 * OpenSSL's `-passin pass:X`, the LDAP tools' `-w X`, `smbclient -U user%X`, `sqlplus user/X@db`, `lftp -u user,X`,
 * `sqlcmd -P X`, HTTPie's `-a user:X`, `twine upload -p X`, `xfreerdp /p:X`, `zip -P X`, `7z -pX` and
 * `npm config set //host/:_authToken X`. Each flag is read only after its own command, since elsewhere `-a`, `-p` or
 * `-w` mean something else. Each reader finds the value at an anchor of the scanner's walk; the scanner judges it
 * with the generic rule's placeholder filters, so `$REDIS_PASSWORD`, `${{ secrets.X }}` and `<password>` stay quiet.
 * This module only reads text.
 */
import type { ArgumentReader, CredentialArgument } from './windows-credentials';

/**
 * The options between a command and its credential flag, if any, ending in the blank before the flag: one line, no
 * quote, and no `;`, `&` or `|` that starts another command.
 */
const GAP = String.raw`(?:[ \t][^\n"'\`;&|]{0,200}?)?[ \t]`;
/** The same for the LDAP tools, whose bind DN before the password is usually quoted (`-D "cn=admin,dc=example"`). */
const QUOTED_GAP = String.raw`(?:[ \t][^\n\`;&|]{0,200}?)?[ \t]`;
/** A value after its flag: optionally quoted, not the next flag, and ending where the word ends (or at a closing quote). */
const VALUE = String.raw`(?!-)(["']?)([^\s"'\`]{4,200})\1(?![^\s"'\`])`;
/** A value written right after its flag with no space (`-pX`), which is never quoted apart from the flag. */
const GLUED_VALUE = String.raw`()([^\s"'\`]{4,200})(?![^\s"'\`])`;

/** A shape whose group 1 is the value's quote and group 2 the value, sticky at the command's first character. */
function shape(source: string): RegExp {
  return new RegExp(source, 'dy');
}

const REDIS_CLI = shape(String.raw`redis-cli${GAP}(?:-a|--pass)[ \t]{1,4}${VALUE}`);
const AZ_LOGIN = shape(String.raw`az[ \t]{1,4}(?:acr[ \t]{1,4})?login${GAP}-p[ \t]{1,4}${VALUE}`);
const MYSQL_TOOLS = shape(String.raw`(?:mysql(?:dump|admin|import|show|check|pump|slap)|mariadb(?:-dump|-admin)?)${GAP}-p${GLUED_VALUE}`);
const MONGO_TOOLS = shape(String.raw`mongo(?:sh|dump|restore|export|import|stat|top|files)?${GAP}-p[ \t]{1,4}${VALUE}`);
const OAUTH2_BEARER = shape(String.raw`--oauth2-bearer[ \t]{1,4}${VALUE}`);
/** OpenSSL's pass phrase arguments: `pass:X` is the literal (`env:VAR`, `file:path`, `fd:N` and `stdin` name where to read it). */
const OPENSSL_PASS = shape(String.raw`-pass(?:in|out)?[ \t]{1,4}(["']?)pass:([^\s"'\`]{4,200})\1(?![^\s"'\`])`);
/** `-w` is the LDAP tools' simple-bind password (`-W` prompts, `-y` reads a file). */
const LDAP_TOOLS = shape(String.raw`ldap(?:search|modify|add|delete|whoami|passwd|compare|modrdn|exop)${QUOTED_GAP}-w[ \t]{1,4}${VALUE}`);
/** Samba's `-U user%password` (without `%` the tool prompts). */
const SMB_CLIENT = shape(String.raw`(?:smbclient|rpcclient|smbcacls)${GAP}(?:-U[ \t]{0,4}|--user(?:=|[ \t]{1,4}))(["']?)[^\s%"'\`]{1,64}%([^\s"'\`]{4,200})\1(?![^\s"'\`])`);
/** Oracle's `sqlplus user/password@database` (`sqlplus / as sysdba` and `/nolog` name no user). */
const SQLPLUS = shape(String.raw`sqlplus(?:[ \t]{1,4}-[A-Za-z]{1,8})?(?:[ \t]{1,4}-[A-Za-z]{1,8})?[ \t]{1,4}(["']?)[A-Za-z_][\w$#]{0,63}/([^\s"'\`@/]{4,200})@`);
/** lftp's `-u user,password` (without `,password` it prompts). */
const LFTP = shape(String.raw`lftp${GAP}-u[ \t]{1,4}(["']?)[^\s,"'\`]{1,64},([^\s"'\`]{4,200})\1(?![^\s"'\`])`);
/** SQL Server's `sqlcmd`, `osql` and `bcp` take the password as `-P` (upper case; `-p` prints statistics). */
const SQLCMD = shape(String.raw`(?:sqlcmd|osql|bcp)${GAP}-P[ \t]{0,4}${VALUE}`);
/** HTTPie's `http -a user:password` (`--auth`); a value without `:` prompts. */
const HTTPIE = shape(String.raw`https?${GAP}(?:-a|--auth)(?:=|[ \t]{1,4})(["']?)[^\s:"'\`]{1,64}:([^\s"'\`@]{4,200})\1(?![^\s"'\`])`);
const TWINE = shape(String.raw`twine[ \t]{1,4}upload${GAP}-p[ \t]{1,4}${VALUE}`);
/** FreeRDP's `/p:password`. */
const FREERDP = shape(String.raw`freerdp${GAP}/p:${VALUE}`);
/** Info-ZIP's `-P password` (`-e` prompts). */
const ZIP = shape(String.raw`zip${GAP}-P[ \t]{1,4}${VALUE}`);
/** 7-Zip's `-pPASSWORD`, glued to the switch (`-p` alone prompts). */
const SEVEN_ZIP = shape(String.raw`7za?${GAP}-p${GLUED_VALUE}`);
/** npm, pnpm and Yarn 1 store a registry token with `config set //host/:_authToken X` (`_auth`, `_password` too). */
const CONFIG_SET_TOKEN = shape(String.raw`config[ \t]{1,4}set[ \t]{1,4}(?:--[\w-]{1,30}[ \t]{1,4})?(?:--[\w-]{1,30}[ \t]{1,4})?(?://[^\s"'\`=]{1,200}:)?_(?:authToken|auth|password)[ \t]{1,4}${VALUE}`);
/**
 * `echo X | docker login --password-stdin`: the literal echoed into the pipe on the same line, before the command. The
 * command may open a string of code (`"echo 'X' | …"`) or a notebook's shell line (`!echo`), and its quotes may be
 * escaped as they are in a notebook's JSON (`\"X\"`).
 */
const ECHOED_INTO_PIPE = /(?:^|[\s;&(!"'`])(?:echo|printf)(?:[ \t]{1,4}-[nNeE]{1,2})?[ \t]{1,4}(\\?["']|)([^\s"'`|]{4,200})\1[ \t]{0,4}\|[^|\n]{0,200}$/d;

/** The value of a sticky shape matched at `start`: group 1 is its quote, group 2 the value. */
function fromShape(regex: RegExp, text: string, start: number, label: string, name: string, prefixes: readonly string[]): CredentialArgument | undefined {
  // A command name that ends another word (`myredis-cli`, `gzip`) is not the command, unless the word is one of its
  // spellings (`unzip`, `xfreerdp`).
  if (start > 0 && /[\w.-]/.test(text[start - 1]!) && !prefixes.some((p) => text.startsWith(p, start - p.length) && !/[\w.-]/.test(text[start - p.length - 1] ?? ' '))) return undefined;
  regex.lastIndex = start;
  const m = regex.exec(text);
  const span = m?.indices?.[2];
  if (!m || !span) return undefined;
  return { start: span[0], end: span[1], value: m[2]!, label, name };
}

/**
 * `htpasswd -b[c…] [file] user password`: the batch switch is what puts the password on the command line; the
 * switches come first (`-C` and `-r` take a number), and `-n` writes to standard output, so it takes no file.
 */
function htpasswdPassword(text: string, at: number): CredentialArgument | undefined {
  if (at > 0 && /[\w.-]/.test(text[at - 1]!)) return undefined;
  // The line end is looked for no farther than the command's 400 characters.
  const limit = Math.min(text.length, at + 400);
  let lineEnd = at;
  while (lineEnd < limit && text.charCodeAt(lineEnd) !== 10) lineEnd++;
  const words = text.slice(at + 'htpasswd '.length, lineEnd).match(/(["'])[^"'\n]{1,200}\1|[^\s"'`;&|<>]{1,200}/g) ?? [];
  let switches = '';
  let i = 0;
  for (; i < words.length && words[i]!.startsWith('-'); i++) {
    switches += words[i]!.slice(1);
    if (/[Cr]$/.test(words[i]!) && /^\d{1,3}$/.test(words[i + 1] ?? '')) i++;
  }
  if (!switches.includes('b') || !/^[A-Za-z]+$/.test(switches)) return undefined;
  const password = words[i + (switches.includes('n') ? 1 : 2)];
  if (password === undefined) return undefined;
  const bare = /^["']/.test(password) ? password.slice(1, -1) : password;
  // The password's own offset: the first occurrence after the switches and the words before it.
  let from = at + 'htpasswd '.length;
  for (let k = 0; k < i + (switches.includes('n') ? 1 : 2); k++) from = text.indexOf(words[k]!, from) + words[k]!.length;
  const start = text.indexOf(password, from) + (bare === password ? 0 : 1);
  return { start, end: start + bare.length, value: bare, label: 'htpasswd password' };
}

/** `echo "X" | docker login -u user --password-stdin` (also podman, helm, oras): the literal echoed on the same line. */
function echoedPassword(text: string, at: number): CredentialArgument | undefined {
  // The line start is looked for no farther back than 400 characters, so the search stays bounded.
  let lineStart = at;
  while (lineStart > 0 && at - lineStart < 400 && text.charCodeAt(lineStart - 1) !== 10) lineStart--;
  const before = text.slice(lineStart, at);
  const m = ECHOED_INTO_PIPE.exec(before);
  const span = m?.indices?.[2];
  if (!m || !span) return undefined;
  return { start: lineStart + span[0], end: lineStart + span[1], value: m[2]!, label: 'password piped to --password-stdin' };
}

/** The shapes above, for the ReDoS test. */
export const COMMAND_LINE_CREDENTIAL_PATTERNS: readonly { name: string; regex: RegExp }[] = [
  { name: 'redis-cli -a', regex: REDIS_CLI },
  { name: 'az login -p', regex: AZ_LOGIN },
  { name: 'MySQL tools -p', regex: MYSQL_TOOLS },
  { name: 'MongoDB tools -p', regex: MONGO_TOOLS },
  { name: 'curl --oauth2-bearer', regex: OAUTH2_BEARER },
  { name: 'OpenSSL pass:', regex: OPENSSL_PASS },
  { name: 'LDAP tools -w', regex: LDAP_TOOLS },
  { name: 'smbclient -U user%password', regex: SMB_CLIENT },
  { name: 'sqlplus user/password@', regex: SQLPLUS },
  { name: 'lftp -u user,password', regex: LFTP },
  { name: 'sqlcmd -P', regex: SQLCMD },
  { name: 'HTTPie -a', regex: HTTPIE },
  { name: 'twine upload -p', regex: TWINE },
  { name: 'FreeRDP /p:', regex: FREERDP },
  { name: 'zip -P', regex: ZIP },
  { name: '7-Zip -p', regex: SEVEN_ZIP },
  { name: 'config set _authToken', regex: CONFIG_SET_TOKEN },
  { name: 'echo into --password-stdin', regex: ECHOED_INTO_PIPE },
];

function reader(anchor: string, regex: RegExp, label: string, options: { name?: string; prefixes?: readonly string[] } = {}): ArgumentReader {
  const { name = 'password', prefixes = [] } = options;
  return { anchor, lead: 0, anyCase: false, read: (text, at) => fromShape(regex, text, at, label, name, prefixes) };
}

export const COMMAND_LINE_CREDENTIAL_READERS: readonly ArgumentReader[] = [
  reader('redis-cli ', REDIS_CLI, 'redis-cli password'),
  reader('az login ', AZ_LOGIN, 'Azure CLI password'),
  reader('az acr login ', AZ_LOGIN, 'Azure CLI password'),
  ...['mysqldump ', 'mysqladmin ', 'mysqlimport ', 'mysqlshow ', 'mysqlcheck ', 'mysqlpump ', 'mysqlslap ', 'mariadb ', 'mariadb-dump ', 'mariadb-admin '].map((a) => reader(a, MYSQL_TOOLS, 'MySQL password')),
  ...['mongo ', 'mongosh ', 'mongodump ', 'mongorestore ', 'mongoexport ', 'mongoimport ', 'mongostat ', 'mongotop ', 'mongofiles '].map((a) => reader(a, MONGO_TOOLS, 'MongoDB password')),
  reader('--oauth2-bearer', OAUTH2_BEARER, 'curl OAuth 2 bearer token', { name: 'token' }),
  ...['-passin', '-passout', '-pass pass:'].map((a) => reader(a, OPENSSL_PASS, 'OpenSSL pass phrase')),
  ...['ldapsearch ', 'ldapmodify ', 'ldapadd ', 'ldapdelete ', 'ldapwhoami ', 'ldappasswd ', 'ldapcompare ', 'ldapmodrdn ', 'ldapexop '].map((a) => reader(a, LDAP_TOOLS, 'LDAP bind password')),
  ...['smbclient ', 'rpcclient ', 'smbcacls '].map((a) => reader(a, SMB_CLIENT, 'Samba password')),
  reader('sqlplus ', SQLPLUS, 'Oracle sqlplus password'),
  reader('lftp ', LFTP, 'lftp password'),
  ...['sqlcmd ', 'osql ', 'bcp '].map((a) => reader(a, SQLCMD, 'SQL Server password')),
  ...['http ', 'https '].map((a) => reader(a, HTTPIE, 'HTTPie password')),
  reader('twine upload ', TWINE, 'twine password'),
  reader('freerdp ', FREERDP, 'FreeRDP password', { prefixes: ['x', 'wl', 'sdl-'] }),
  reader('zip ', ZIP, 'zip password', { prefixes: ['un'] }),
  ...['7z ', '7za '].map((a) => reader(a, SEVEN_ZIP, '7-Zip password')),
  reader('config set ', CONFIG_SET_TOKEN, 'package registry token', { name: 'token' }),
  { anchor: 'htpasswd ', lead: 0, anyCase: false, read: htpasswdPassword },
  { anchor: '--password-stdin', lead: 0, anyCase: false, read: echoedPassword },
];
