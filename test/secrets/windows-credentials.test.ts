/**
 * Credentials of Windows and .NET projects: connection strings in `web.config`/`App.config` (and their transforms),
 * which are read as text, and passwords passed as arguments (`NetworkCredential`, `ConvertTo-SecureString
 * -AsPlainText`, `psexec -p`, `net use`), whose fixtures are `bad-admin.ps1`, `bad-deploy.cmd` and `bad-credentials.cs`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { secretsEngine } from './engine';
import { generateKey } from './keygen';
import { fileKindOf } from '../../server/src/engine/file-kinds';

test('.NET configuration files are read as text, and their connection-string passwords are reported', async () => {
  for (const path of ['web.config', 'src/Web/Web.config', 'Web.Release.config', 'App.config', 'app.Staging.config', 'config/connectionStrings.config']) {
    assert.equal(fileKindOf(path), 'text', path);
  }
  assert.equal(fileKindOf('src/site.config'), undefined);
  const engine = await secretsEngine();
  const password = generateKey('password', 51);
  const webConfig = [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<configuration>',
    '  <connectionStrings>',
    `    <add name="Orders" connectionString="Data Source=db01.corp.acme.io;Initial Catalog=Orders;User ID=orders_app;Password=${password};" providerName="System.Data.SqlClient" />`,
    `    <add name="Audit" connectionString="Server=db02.corp.acme.io;Database=Audit;Uid=audit;Pwd=${generateKey('password', 52)};" />`,
    '  </connectionStrings>',
    '</configuration>',
  ].join('\n');
  const findings = engine.analyze({ path: 'src/Web/Web.config', text: webConfig }).findings;
  assert.deepEqual(findings.map((f) => [f.ruleId, f.range.start.line]), [['AIS480', 3], ['AIS480', 4]]);
  assert.equal(webConfig.split('\n')[3]!.slice(findings[0]!.range.start.column, findings[0]!.range.end.column), password);
  const good = [
    '<configuration>',
    '  <connectionStrings>',
    '    <add name="Local" connectionString="Server=(localdb)\\MSSQLLocalDB;Database=Orders;Integrated Security=true;" />',
    '    <add name="Template" connectionString="Server=db01;Database=Orders;User ID=app;Password=&lt;password&gt;;" />',
    '    <add name="Transform" connectionString="Server=db01;User ID=app;Password=__DB_PASSWORD__;" xdt:Transform="SetAttributes" />',
    '    <add name="Empty" connectionString="Server=db01;User ID=app;Password=;" />',
    '  </connectionStrings>',
    '</configuration>',
  ].join('\n');
  assert.deepEqual(engine.analyze({ path: 'Web.Release.config', text: good }).findings.map((f) => f.message), []);
});

test('argument passwords are found in any file the secrets rules read, and variables and prompts are not', async () => {
  const engine = await secretsEngine();
  const password = generateKey('password', 53);
  const lines = (path: string, text: string): number[] => engine.analyze({ path, text }).findings.map((f) => f.range.start.line);
  // A deployment step in YAML and a Markdown runbook carry the same commands.
  assert.deepEqual(lines('deploy.yml', `steps:\n  - run: psexec \\\\app01 -u CORP\\ci -p ${password} cmd /c deploy.cmd\n`), [1]);
  assert.deepEqual(lines('docs/runbook.md', `\`\`\`powershell\n$s = ConvertTo-SecureString '${password}' -AsPlainText -Force\n\`\`\`\n`), [1]);
  // The value of a double-quoted PowerShell string that names a variable is not a literal.
  assert.deepEqual(lines('Deploy.ps1', `$s = ConvertTo-SecureString "\${env:ADMIN_PASSWORD}" -AsPlainText -Force\n$t = ConvertTo-SecureString "$($vault.Get('admin'))" -AsPlainText\n`), []);
  // A `-p` of the remote command is not PsExec's.
  assert.deepEqual(lines('run.bat', 'psexec \\\\app01 -s cmd /c "mysql -u app -p secret-value-1"\n'), []);
});
