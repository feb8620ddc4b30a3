/**
 * AIS807 mcp-docker-unpinned-image: an MCP server container image named by a tag (or none) instead of a
 * digest, so the image that runs can change without any change to the configuration.
 */
import { defineRule, type RuleMeta } from '../../../engine/rule';
import { AGENT_CONFIG_KINDS, agentFileOf, disabledNote, serverSeverity, startedBy } from '../shared/agent-file';
import { serverLaunches } from '../shared/launches';

const META: RuleMeta = {
  id: 'AIS807',
  name: 'mcp-docker-unpinned-image',
  title: 'MCP server container image not pinned by digest',
  category: 'agent-config',
  fileKinds: AGENT_CONFIG_KINDS,
  severity: 'warning',
  confidence: 'high',
  cwe: ['CWE-494', 'CWE-1357'],
  message: '{{detail}}',
  fixAvailability: 'none',
  docs: {
    whatItDoes: 'Flags MCP servers started with `docker run` or `podman run` whose image has no `@sha256:` digest: no tag (which means `latest`), `latest`, or any other tag.',
    whyIsThisBad: 'Tags are moved by whoever can push to the repository. The next `docker run` (or the next pull of a missing image) on each developer\'s machine runs the new content with the mounts, environment and tokens the configuration gives the server.',
    example: '{\n  "mcpServers": {\n    "github": { "command": "docker", "args": ["run", "-i", "--rm", "-e", "GITHUB_PERSONAL_ACCESS_TOKEN", "ghcr.io/github/github-mcp-server"] }\n  }\n}\n',
    useInstead: '// docker buildx imagetools inspect ghcr.io/github/github-mcp-server:v0.20.1 prints the digest to pin:\n{\n  "mcpServers": {\n    "github": { "command": "docker", "args": ["run", "-i", "--rm", "-e", "GITHUB_PERSONAL_ACCESS_TOKEN", "ghcr.io/github/github-mcp-server:v0.20.1@sha256:<digest>"] }\n  }\n}\n',
    references: ['https://cwe.mitre.org/data/definitions/494.html', 'https://docs.docker.com/reference/cli/docker/image/pull/#pull-an-image-by-digest-immutable-identifier'],
  },
};

export default defineRule(META, {
  kind: 'text',
  check(ctx) {
    const agentFile = agentFileOf(ctx);
    if (!agentFile) return;
    for (const { server, launch } of serverLaunches(agentFile)) {
      const image = launch.image;
      if (!image || image.pinned || /[$%{]/.test(image.reference)) continue;
      const tag = image.tag === undefined ? 'no tag (so `latest`)' : image.tag === 'latest' ? 'the `latest` tag' : `the tag \`${image.tag}\``;
      ctx.report({
        ruleId: META.id,
        range: ctx.rangeOf(image.token.start, image.token.start + image.token.text.length),
        severity: serverSeverity(server, META.severity),
        data: { detail: `\`${launch.launcher}\` starts ${image.repository} by ${tag}: whoever can push that tag decides what runs; pin it with @sha256:<digest>. ${startedBy(server, agentFile.file)}.${disabledNote(server)}` },
        fingerprintSeed: `${META.id}:${server.keyPath}:${image.repository}`,
      });
    }
  },
});
