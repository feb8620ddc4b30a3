/**
 * The provider table: one entry per provider, each with its own rule code. AI providers come first,
 * then cloud, VCS and common secrets. Formats are written from the descriptions in the secrets
 * catalogue (never copied from another tool); every quantifier is bounded and no quantified group
 * contains another quantifier, so each pattern runs in linear time from its anchor.
 */
import type { Severity } from '../../engine/finding';
import { B64URL, CWE_798, END, sticky, type ProviderRule } from './provider-format';
import { SERVICE_PROVIDERS } from './service-providers';
import { CATALOGUE_PROVIDERS } from './catalogue-providers';
import { isGitHubChecksumValid } from './checksum';

export type { ContextPattern, ProviderRule, TokenPattern } from './provider-format';

export const PROVIDERS: readonly ProviderRule[] = [
  {
    id: 'AIS400', slug: 'openai', name: 'openai-api-key', provider: 'OpenAI', secretKind: 'API key', ai: true, tier: 1,
    patterns: [
      { anchor: 'sk-proj-', regex: sticky(`sk-proj-[${B64URL}]{40,250}${END}`), prefixLength: 8, label: 'project key' },
      { anchor: 'sk-svcacct-', regex: sticky(`sk-svcacct-[${B64URL}]{40,250}${END}`), prefixLength: 11, label: 'service-account key' },
      { anchor: 'sk-service-', regex: sticky(`sk-service-[${B64URL}]{40,250}${END}`), prefixLength: 11, label: 'service-account key' },
      { anchor: 'sk-admin-', regex: sticky(`sk-admin-[${B64URL}]{40,250}${END}`), prefixLength: 9, label: 'admin key' },
      { anchor: 'sk-', regex: sticky(`sk-[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20}${END}`), prefixLength: 3, label: 'user key' },
    ],
    envVar: 'OPENAI_API_KEY', severity: 'error',
    format: '`sk-proj-`, `sk-svcacct-`, `sk-admin-` or `sk-` followed by a long base64url body; user keys carry the marker `T3BlbkFJ`',
    sdkReadsEnv: { callees: ['OpenAI', 'AsyncOpenAI'], keywords: ['api_key', 'apiKey'] },
    exampleCall: 'client = OpenAI(api_key="sk-proj-…")',
    useInstead: 'client = OpenAI()  # reads OPENAI_API_KEY from the environment',
    references: [CWE_798, 'https://platform.openai.com/docs/api-reference/authentication', 'https://help.openai.com/en/articles/5112595-best-practices-for-api-key-safety'],
  },
  {
    id: 'AIS401', slug: 'openai-compatible', name: 'openai-compatible-api-key', provider: 'OpenAI-compatible gateway', secretKind: 'API key', ai: true, tier: 2,
    patterns: [
      {
        anchor: 'sk-', regex: sticky(`sk-[A-Za-z0-9]{32,64}${END}`), prefixLength: 3,
        requires: ['key', 'token', 'secret', 'api', 'openai', 'base_url', 'baseurl', 'bearer', 'authorization', 'llm', 'proxy', 'client'],
      },
    ],
    envVar: 'OPENAI_API_KEY', severity: 'error',
    format: '`sk-` followed by 32 to 64 alphanumerics without OpenAI\'s marker (one-api, LiteLLM and reseller keys), reported next to an API-key name or an OpenAI client',
    sdkReadsEnv: { callees: ['OpenAI', 'AsyncOpenAI'], keywords: ['api_key', 'apiKey'] },
    exampleCall: 'client = OpenAI(api_key="sk-…", base_url="https://gateway.example/v1")',
    references: [CWE_798, 'https://docs.litellm.ai/docs/proxy/virtual_keys'],
  },
  {
    id: 'AIS402', slug: 'anthropic', name: 'anthropic-api-key', provider: 'Anthropic', secretKind: 'API key', ai: true, tier: 1,
    patterns: [
      { anchor: 'sk-ant-', regex: sticky(`sk-ant-api0[0-9]-[${B64URL}]{80,120}${END}`), prefixLength: 13, label: 'API key' },
      { anchor: 'sk-ant-', regex: sticky(`sk-ant-admin0[0-9]-[${B64URL}]{80,120}${END}`), prefixLength: 15, label: 'admin key' },
    ],
    envVar: 'ANTHROPIC_API_KEY', severity: 'error',
    format: '`sk-ant-api03-` (or `sk-ant-admin01-`) followed by about 93 base64url characters ending in `AA`',
    sdkReadsEnv: { callees: ['Anthropic', 'AsyncAnthropic'], keywords: ['api_key', 'apiKey'] },
    exampleCall: 'client = anthropic.Anthropic(api_key="sk-ant-api03-…")',
    useInstead: 'client = anthropic.Anthropic()  # reads ANTHROPIC_API_KEY from the environment',
    references: [CWE_798, 'https://docs.anthropic.com/en/api/getting-started'],
  },
  {
    id: 'AIS403', slug: 'huggingface', name: 'huggingface-token', provider: 'Hugging Face', secretKind: 'access token', ai: true, tier: 1,
    patterns: [
      { anchor: 'hf_', regex: sticky(`hf_[A-Za-z0-9]{34}${END}`), prefixLength: 3, label: 'user token' },
      { anchor: 'api_org_', regex: sticky(`api_org_[A-Za-z0-9]{34}${END}`), prefixLength: 8, label: 'organisation token' },
    ],
    envVar: 'HF_TOKEN', severity: 'error',
    format: '`hf_` (or `api_org_`) followed by 34 letters',
    exampleCall: 'login(token="hf_…")',
    references: [CWE_798, 'https://huggingface.co/docs/hub/security-tokens'],
  },
  {
    id: 'AIS404', slug: 'cohere', name: 'cohere-api-key', provider: 'Cohere', secretKind: 'API key', ai: true, tier: 2, patterns: [],
    context: { keywords: ['cohere', 'co_api_key'], body: /[A-Za-z0-9]{40}/g, window: 200 },
    envVar: 'CO_API_KEY', severity: 'error',
    format: '40 alphanumerics with no prefix, reported next to `cohere` or `CO_API_KEY`',
    exampleCall: 'co = cohere.Client("…")',
    references: [CWE_798, 'https://docs.cohere.com/reference/about'],
  },
  {
    id: 'AIS405', slug: 'groq', name: 'groq-api-key', provider: 'Groq', secretKind: 'API key', ai: true, tier: 1,
    patterns: [{ anchor: 'gsk_', regex: sticky(`gsk_[A-Za-z0-9]{48,56}${END}`), prefixLength: 4 }],
    envVar: 'GROQ_API_KEY', severity: 'error',
    format: '`gsk_` followed by 52 alphanumerics',
    exampleCall: 'client = Groq(api_key="gsk_…")',
    references: [CWE_798, 'https://console.groq.com/docs/quickstart'],
  },
  {
    id: 'AIS406', slug: 'replicate', name: 'replicate-api-token', provider: 'Replicate', secretKind: 'API token', ai: true, tier: 1,
    patterns: [{ anchor: 'r8_', regex: sticky(`r8_[${B64URL}]{35,40}${END}`), prefixLength: 3 }],
    envVar: 'REPLICATE_API_TOKEN', severity: 'error',
    format: '`r8_` followed by 37 base64url characters',
    exampleCall: 'client = replicate.Client(api_token="r8_…")',
    references: [CWE_798, 'https://replicate.com/docs/topics/security/api-tokens'],
  },
  {
    id: 'AIS407', slug: 'perplexity', name: 'perplexity-api-key', provider: 'Perplexity', secretKind: 'API key', ai: true, tier: 1,
    patterns: [{ anchor: 'pplx-', regex: sticky(`pplx-[A-Za-z0-9]{40,56}${END}`), prefixLength: 5 }],
    envVar: 'PERPLEXITY_API_KEY', severity: 'error',
    format: '`pplx-` followed by 48 alphanumerics',
    exampleCall: 'client = OpenAI(api_key="pplx-…", base_url="https://api.perplexity.ai")',
    references: [CWE_798, 'https://docs.perplexity.ai/guides/getting-started'],
  },
  {
    id: 'AIS408', slug: 'xai', name: 'xai-api-key', provider: 'xAI', secretKind: 'API key', ai: true, tier: 1,
    patterns: [{ anchor: 'xai-', regex: sticky(`xai-[A-Za-z0-9_]{70,90}${END}`), prefixLength: 4 }],
    envVar: 'XAI_API_KEY', severity: 'error',
    format: '`xai-` followed by 80 letters, digits and underscores',
    exampleCall: 'client = Client(api_key="xai-…")',
    references: [CWE_798, 'https://docs.x.ai/docs/overview'],
  },
  {
    id: 'AIS409', slug: 'openrouter', name: 'openrouter-api-key', provider: 'OpenRouter', secretKind: 'API key', ai: true, tier: 1,
    patterns: [{ anchor: 'sk-or-', regex: sticky(`sk-or-v1-[0-9a-f]{64}${END}`), prefixLength: 9 }],
    envVar: 'OPENROUTER_API_KEY', severity: 'error',
    format: '`sk-or-v1-` followed by 64 lower-case hex digits',
    exampleCall: 'client = OpenAI(api_key="sk-or-v1-…", base_url="https://openrouter.ai/api/v1")',
    references: [CWE_798, 'https://openrouter.ai/docs/api-reference/authentication'],
  },
  {
    id: 'AIS410', slug: 'deepseek', name: 'deepseek-api-key', provider: 'DeepSeek', secretKind: 'API key', ai: true, tier: 2,
    patterns: [{ anchor: 'sk-', regex: sticky(`sk-[a-z0-9]{32}${END}`), prefixLength: 3, requires: ['deepseek'] }],
    envVar: 'DEEPSEEK_API_KEY', severity: 'error',
    format: '`sk-` followed by 32 lower-case alphanumerics, reported next to `deepseek`',
    exampleCall: 'client = OpenAI(api_key="sk-…", base_url="https://api.deepseek.com")',
    references: [CWE_798, 'https://api-docs.deepseek.com/'],
  },
  {
    id: 'AIS411', slug: 'mistral', name: 'mistral-api-key', provider: 'Mistral AI', secretKind: 'API key', ai: true, tier: 2, patterns: [],
    context: { keywords: ['mistral'], body: /[A-Za-z0-9]{32}/g, window: 200 },
    envVar: 'MISTRAL_API_KEY', severity: 'error',
    format: '32 alphanumerics with no prefix, reported next to `mistral`',
    exampleCall: 'client = Mistral(api_key="…")',
    references: [CWE_798, 'https://docs.mistral.ai/getting-started/quickstart/'],
  },
  {
    id: 'AIS412', slug: 'google', name: 'google-api-key', provider: 'Google (Gemini)', secretKind: 'API key', ai: true, tier: 1,
    patterns: [{ anchor: 'AIza', regex: sticky(`AIza[${B64URL}]{35}${END}`), prefixLength: 4 }],
    envVar: 'GOOGLE_API_KEY', severity: 'error',
    format: '`AIza` followed by 35 base64url characters (39 in total)',
    exampleCall: 'genai.configure(api_key="AIza…")',
    references: [CWE_798, 'https://ai.google.dev/gemini-api/docs/api-key', 'https://cloud.google.com/docs/authentication/api-keys'],
  },
  {
    id: 'AIS413', slug: 'azure-openai', name: 'azure-openai-api-key', provider: 'Azure OpenAI', secretKind: 'API key', ai: true, tier: 2, patterns: [],
    context: { keywords: ['openai.azure.com', 'azureopenai', 'azure_openai', 'azure-openai', 'azurechatopenai', 'azure_endpoint', 'azureendpoint', 'cognitiveservices.azure.com', 'api-key', 'azure_api_key', 'azure_key', 'azureopenaiapikey'], body: /[0-9a-f]{32}|[A-Za-z0-9]{84}/g, window: 240 },
    envVar: 'AZURE_OPENAI_API_KEY', severity: 'error',
    format: '32 lower-case hex digits (or the newer 84-character form), reported next to an Azure OpenAI endpoint, client or `api-key` header',
    sdkReadsEnv: { callees: ['AzureOpenAI', 'AsyncAzureOpenAI'], keywords: ['api_key', 'apiKey'] },
    exampleCall: 'client = AzureOpenAI(api_key="…", azure_endpoint="https://x.openai.azure.com")',
    references: [CWE_798, 'https://learn.microsoft.com/azure/ai-services/openai/reference'],
  },
  {
    id: 'AIS414', slug: 'langsmith', name: 'langsmith-api-key', provider: 'LangSmith', secretKind: 'API key', ai: true, tier: 1,
    patterns: [{ anchor: 'lsv2_', regex: sticky(`lsv2_(?:pt|sk)_[0-9a-f]{32}_[0-9a-f]{10}${END}`), prefixLength: 8 }],
    envVar: 'LANGSMITH_API_KEY', severity: 'error',
    format: '`lsv2_pt_` or `lsv2_sk_`, 32 hex digits, `_` and 10 more hex digits',
    exampleCall: 'client = Client(api_key="lsv2_pt_…")',
    references: [CWE_798, 'https://docs.smith.langchain.com/administration/how_to_guides/organization_management/create_account_api_key'],
  },
  {
    id: 'AIS415', slug: 'langfuse', name: 'langfuse-secret-key', provider: 'Langfuse', secretKind: 'secret key', ai: true, tier: 1,
    patterns: [{ anchor: 'sk-lf-', regex: sticky(`sk-lf-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}${END}`), prefixLength: 6 }],
    envVar: 'LANGFUSE_SECRET_KEY', severity: 'error',
    format: '`sk-lf-` followed by a UUID (the `pk-lf-` public key is not reported)',
    exampleCall: 'langfuse = Langfuse(secret_key="sk-lf-…", public_key="pk-lf-…")',
    references: [CWE_798, 'https://langfuse.com/docs/sdk/python/sdk-v3'],
  },
  {
    id: 'AIS416', slug: 'pinecone', name: 'pinecone-api-key', provider: 'Pinecone', secretKind: 'API key', ai: true, tier: 1,
    patterns: [{ anchor: 'pcsk_', regex: sticky(`pcsk_[A-Za-z0-9]{5,6}_[A-Za-z0-9]{63}${END}`), prefixLength: 5 }],
    envVar: 'PINECONE_API_KEY', severity: 'error',
    format: '`pcsk_`, 5 or 6 alphanumerics, `_` and 63 alphanumerics',
    exampleCall: 'pc = Pinecone(api_key="pcsk_…")',
    references: [CWE_798, 'https://docs.pinecone.io/guides/projects/manage-api-keys'],
  },
  {
    id: 'AIS417', slug: 'wandb', name: 'wandb-api-key', provider: 'Weights & Biases', secretKind: 'API key', ai: true, tier: 2, patterns: [],
    context: { keywords: ['wandb'], body: /[0-9a-f]{40}/g, window: 200 },
    envVar: 'WANDB_API_KEY', severity: 'error',
    format: '40 lower-case hex digits, reported next to `wandb` (alone it would look like a git commit id)',
    exampleCall: 'wandb.login(key="…")',
    references: [CWE_798, 'https://docs.wandb.ai/guides/track/environment-variables/'],
  },
  {
    id: 'AIS418', slug: 'nvidia', name: 'nvidia-api-key', provider: 'NVIDIA', secretKind: 'API key', ai: true, tier: 1,
    patterns: [{ anchor: 'nvapi-', regex: sticky(`nvapi-[${B64URL}]{60,70}${END}`), prefixLength: 6 }],
    envVar: 'NVIDIA_API_KEY', severity: 'error',
    format: '`nvapi-` followed by 64 base64url characters',
    exampleCall: 'llm = ChatNVIDIA(api_key="nvapi-…")',
    references: [CWE_798, 'https://docs.api.nvidia.com/nim/docs/api-quickstart'],
  },
  {
    id: 'AIS419', slug: 'together', name: 'together-api-key', provider: 'Together AI', secretKind: 'API key', ai: true, tier: 1,
    patterns: [{ anchor: 'tgp_v1_', regex: sticky(`tgp_v1_[${B64URL}]{38,50}${END}`), prefixLength: 7 }],
    envVar: 'TOGETHER_API_KEY', severity: 'error',
    format: '`tgp_v1_` followed by about 43 base64url characters',
    exampleCall: 'client = Together(api_key="tgp_v1_…")',
    references: [CWE_798, 'https://docs.together.ai/reference/authentication-1'],
  },
  {
    id: 'AIS420', slug: 'databricks', name: 'databricks-token', provider: 'Databricks', secretKind: 'access token', ai: true, tier: 1,
    patterns: [{ anchor: 'dapi', regex: sticky(`dapi[0-9a-f]{32}(?:-[0-9])?${END}`), prefixLength: 4 }],
    envVar: 'DATABRICKS_TOKEN', severity: 'error',
    format: '`dapi` followed by 32 lower-case hex digits, optionally `-` and a digit',
    exampleCall: 'w = WorkspaceClient(host="https://adb-1.azuredatabricks.net", token="dapi…")',
    references: [CWE_798, 'https://docs.databricks.com/en/dev-tools/auth/pat.html'],
  },
  {
    id: 'AIS421', slug: 'aws-bedrock', name: 'aws-bedrock-api-key', provider: 'Amazon Bedrock', secretKind: 'API key', ai: true, tier: 1,
    patterns: [
      { anchor: 'ABSK', regex: sticky('ABSK[A-Za-z0-9+/]{109,269}={0,2}(?![A-Za-z0-9+/=])'), prefixLength: 4, label: 'long-term key' },
      { anchor: 'bedrock-api-key-', regex: sticky('bedrock-api-key-YmVkcm9jay5hbWF6b25hd3MuY29t[A-Za-z0-9+/=&%_-]{20,4000}'), prefixLength: 44, label: 'short-term key' },
    ],
    envVar: 'AWS_BEARER_TOKEN_BEDROCK', severity: 'error',
    format: '`ABSK` followed by 109 to 269 base64 characters, or `bedrock-api-key-` and the base64 of `bedrock.amazonaws.com`',
    exampleCall: 'os.environ["AWS_BEARER_TOKEN_BEDROCK"] = "ABSK…"',
    useInstead: '# Set AWS_BEARER_TOKEN_BEDROCK outside the code (shell, secret manager); boto3 reads it.\nclient = boto3.client("bedrock-runtime")',
    references: [CWE_798, 'https://docs.aws.amazon.com/bedrock/latest/userguide/api-keys.html'],
  },
  {
    id: 'AIS422', slug: 'elevenlabs', name: 'elevenlabs-api-key', provider: 'ElevenLabs', secretKind: 'API key', ai: true, tier: 1,
    patterns: [{ anchor: 'sk_', regex: sticky(`sk_[0-9a-f]{48}${END}`), prefixLength: 3 }],
    envVar: 'ELEVENLABS_API_KEY', severity: 'error',
    format: '`sk_` followed by 48 lower-case hex digits',
    exampleCall: 'client = ElevenLabs(api_key="sk_…")',
    references: [CWE_798, 'https://elevenlabs.io/docs/api-reference/authentication'],
  },
  {
    id: 'AIS423', slug: 'sourcegraph', name: 'sourcegraph-cody-token', provider: 'Sourcegraph Cody', secretKind: 'access token', ai: true, tier: 1,
    patterns: [
      { anchor: 'slk_', regex: sticky(`slk_[0-9a-f]{64}${END}`), prefixLength: 4 },
      { anchor: 'sgp_', regex: sticky(`sgp_(?:[0-9a-f]{16}_)?[0-9a-f]{40}${END}`), prefixLength: 4 },
    ],
    envVar: 'SRC_ACCESS_TOKEN', severity: 'error',
    format: '`slk_` followed by 64 hex digits, or `sgp_` access tokens',
    exampleCall: 'headers = {"Authorization": "token sgp_…"}',
    useInstead: 'headers = {"Authorization": f"token {os.environ[\'SRC_ACCESS_TOKEN\']}"}',
    references: [CWE_798, 'https://sourcegraph.com/docs/cli/how-tos/creating_an_access_token'],
  },
  {
    id: 'AIS424', slug: 'braintrust', name: 'braintrust-api-key', provider: 'Braintrust', secretKind: 'API key', ai: true, tier: 2,
    patterns: [{ anchor: 'sk-', regex: sticky(`sk-[A-Za-z0-9]{48}${END}`), prefixLength: 3, requires: ['braintrust'] }],
    envVar: 'BRAINTRUST_API_KEY', severity: 'error',
    format: '`sk-` followed by 48 alphanumerics, reported next to `braintrust`',
    exampleCall: 'braintrust.login(api_key="sk-…")',
    references: [CWE_798, 'https://www.braintrust.dev/docs/reference/api'],
  },
  {
    id: 'AIS425', slug: 'assemblyai', name: 'assemblyai-api-key', provider: 'AssemblyAI', secretKind: 'API key', ai: true, tier: 2, patterns: [],
    context: { keywords: ['assemblyai', 'assembly_ai'], body: /[a-z0-9]{32}/g, window: 200 },
    envVar: 'ASSEMBLYAI_API_KEY', severity: 'error',
    format: '32 lower-case alphanumerics, reported next to `assemblyai`',
    exampleCall: 'aai.settings.api_key = "…"  # assemblyai',
    references: [CWE_798, 'https://www.assemblyai.com/docs/api-reference/overview'],
  },
  {
    id: 'AIS426', slug: 'deepgram', name: 'deepgram-api-key', provider: 'Deepgram', secretKind: 'API key', ai: true, tier: 2, patterns: [],
    context: { keywords: ['deepgram'], body: /[a-z0-9]{40}/g, window: 200 },
    envVar: 'DEEPGRAM_API_KEY', severity: 'error',
    format: '40 lower-case alphanumerics, reported next to `deepgram`',
    exampleCall: 'deepgram = DeepgramClient("…")',
    references: [CWE_798, 'https://developers.deepgram.com/docs/create-additional-api-keys'],
  },
  {
    id: 'AIS427', slug: 'clarifai', name: 'clarifai-api-key', provider: 'Clarifai', secretKind: 'personal access token', ai: true, tier: 2, patterns: [],
    context: { keywords: ['clarifai'], body: /[a-z0-9]{32}/g, window: 200 },
    envVar: 'CLARIFAI_PAT', severity: 'error',
    format: '32 lower-case alphanumerics, reported next to `clarifai`',
    exampleCall: 'model = Model(url="https://clarifai.com/openai/chat-completion/models/gpt-4o", pat="…")',
    references: [CWE_798, 'https://docs.clarifai.com/clarifai-basics/authentication/personal-access-tokens'],
  },
  {
    id: 'AIS440', slug: 'aws-access-key-id', name: 'aws-access-key-id', provider: 'AWS', secretKind: 'access key id', ai: false, tier: 1,
    patterns: ['AKIA', 'ASIA', 'ABIA', 'ACCA'].map((anchor) => ({ anchor, regex: sticky(`${anchor}[A-Z0-9]{16}(?![A-Za-z0-9])`), prefixLength: 4 })),
    envVar: 'AWS_ACCESS_KEY_ID', severity: 'warning',
    format: '`AKIA` (long-term), `ASIA` (temporary), `ABIA` or `ACCA` followed by 16 upper-case letters and digits; the documentation example ending in `EXAMPLE` is ignored',
    exampleCall: 'boto3.client("s3", aws_access_key_id="AKIA…")',
    references: [CWE_798, 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html'],
  },
  {
    id: 'AIS441', slug: 'aws-secret-access-key', name: 'aws-secret-access-key', provider: 'AWS', secretKind: 'secret access key', ai: false, tier: 2, patterns: [],
    context: { keywords: ['aws_secret', 'secret_access_key', 'secretaccesskey', 'secret-access-key', 'aws_session'], body: /[A-Za-z0-9+/]{40}/g, window: 1024, reject: /^[0-9a-fA-F]+$|^[^A-Z]+$|^[^a-z]+$/ },
    envVar: 'AWS_SECRET_ACCESS_KEY', severity: 'error',
    format: '40 base64 characters, reported next to an AWS access key id or an `aws_secret_access_key` name',
    exampleCall: 'boto3.client("s3", aws_secret_access_key="…")',
    references: [CWE_798, 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html'],
  },
  {
    id: 'AIS442', slug: 'gcp-service-account', name: 'gcp-service-account-key', provider: 'Google Cloud', secretKind: 'service-account private key', ai: false, tier: 1,
    patterns: [],
    envVar: 'GOOGLE_APPLICATION_CREDENTIALS', severity: 'error',
    format: 'a JSON object with `"type": "service_account"` and a PEM `private_key`',
    exampleCall: '{"type": "service_account", "private_key": "-----BEGIN PRIVATE KEY-----\\n…"}',
    useInstead: '# Keep the key file out of the repository and point to it, or use workload identity.\ncredentials, project = google.auth.default()  # reads GOOGLE_APPLICATION_CREDENTIALS',
    references: [CWE_798, 'https://cloud.google.com/iam/docs/best-practices-for-managing-service-account-keys'],
  },
  {
    id: 'AIS443', slug: 'azure-ad-client-secret', name: 'azure-ad-client-secret', provider: 'Microsoft Entra ID (Azure AD)', secretKind: 'client secret', ai: false, tier: 1,
    patterns: [{ anchor: 'Q~', lead: 4, regex: sticky('[A-Za-z0-9_~.]{3}[0-9]Q~[A-Za-z0-9_~.\\-]{31,34}(?![A-Za-z0-9_~.\\-])'), prefixLength: 6 }],
    envVar: 'AZURE_CLIENT_SECRET', severity: 'error',
    format: 'three characters, a digit, the marker `Q~` and 31 to 34 characters of letters, digits, `_`, `~`, `.` and `-`',
    exampleCall: 'ClientSecretCredential(tenant_id, client_id, "…Q~…")',
    references: [CWE_798, 'https://learn.microsoft.com/entra/identity-platform/howto-create-service-principal-portal'],
  },
  {
    id: 'AIS444', slug: 'github', name: 'github-token', provider: 'GitHub', secretKind: 'token', ai: false, tier: 1,
    patterns: [
      ...['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_'].map((anchor) => ({ anchor, regex: sticky(`${anchor}[A-Za-z0-9]{36}${END}`), prefixLength: 4, validate: isGitHubChecksumValid })),
      { anchor: 'github_pat_', regex: sticky(`github_pat_[A-Za-z0-9_]{82}${END}`), prefixLength: 11, label: 'fine-grained token' },
    ],
    envVar: 'GITHUB_TOKEN', severity: 'error',
    format: '`ghp_`, `gho_`, `ghu_`, `ghs_` or `ghr_` followed by 30 alphanumerics and a 6-character base62 CRC32 of them (a failed checksum is not a token), or `github_pat_` followed by 82 word characters',
    exampleCall: 'g = Github("ghp_…")',
    references: [CWE_798, 'https://docs.github.com/authentication/keeping-your-account-and-data-secure/about-authentication-to-github#githubs-token-formats'],
  },
  {
    id: 'AIS445', slug: 'gitlab', name: 'gitlab-token', provider: 'GitLab', secretKind: 'token', ai: false, tier: 1,
    patterns: [
      ...['glpat-', 'glptt-', 'glrt-', 'gldt-', 'glcbt-', 'glft-', 'glagent-', 'gloas-', 'glsoat-', 'glimt-', 'glffct-'].map((anchor) => ({
        anchor, regex: sticky(`${anchor}[${B64URL}]{20,300}(?:\\.[0-9a-z]{2}\\.[0-9a-z]{7,9})?${END}`), prefixLength: anchor.length,
      })),
      { anchor: 'GR1348941', regex: sticky(`GR1348941[${B64URL}]{20}${END}`), prefixLength: 9, label: 'runner registration token' },
      // A signed-in browser session, pasted into a `curl` command or a script; it expires (a week by default), hence a warning.
      { anchor: '_gitlab_session=', regex: sticky(`_gitlab_session=[0-9a-f]{32}${END}`), prefixLength: 16, label: 'session cookie', severity: 'warning' },
    ],
    envVar: 'GITLAB_TOKEN', severity: 'error',
    format: '`glpat-` (and the other `gl…-` token prefixes) followed by at least 20 base64url characters, a deprecated runner registration token `GR1348941` and 20 more, or a `_gitlab_session=` cookie of 32 hex digits (a warning: it expires)',
    exampleCall: 'gl = gitlab.Gitlab(url, private_token="glpat-…")',
    references: [CWE_798, 'https://docs.gitlab.com/security/tokens/'],
  },
  {
    id: 'AIS446', slug: 'slack', name: 'slack-token', provider: 'Slack', secretKind: 'token', ai: false, tier: 1,
    patterns: [
      ...['xoxb-', 'xoxp-', 'xoxe-', 'xoxa-', 'xoxo-', 'xoxr-', 'xoxs-'].map((anchor) => ({
        anchor, regex: sticky(`${anchor}[0-9]{1,13}-[A-Za-z0-9-]{20,120}${END}`), prefixLength: 5,
      })),
      { anchor: 'xoxe.', regex: sticky(`xoxe\\.xox[bp]-[0-9]-[A-Za-z0-9]{120,200}${END}`), prefixLength: 12, label: 'configuration token' },
      { anchor: 'xapp-', regex: sticky(`xapp-[0-9]-[A-Z0-9]{8,12}-[0-9]{10,14}-[a-z0-9]{32,80}${END}`), prefixLength: 5, label: 'app-level token' },
      { anchor: 'hooks.slack.com/', regex: sticky('hooks\\.slack\\.com/(?:services|workflows|triggers)/[A-Za-z0-9+/_]{30,80}(?![A-Za-z0-9+/_])'), prefixLength: 25, label: 'webhook URL' },
    ],
    envVar: 'SLACK_BOT_TOKEN', severity: 'error',
    format: '`xoxb-`, `xoxp-` and other `xox…-` tokens with numeric groups, `xoxe.xoxp-` configuration tokens, `xapp-` app tokens and `hooks.slack.com` webhook URLs',
    exampleCall: 'client = WebClient(token="xoxb-…")',
    references: [CWE_798, 'https://api.slack.com/concepts/token-types'],
  },
  {
    id: 'AIS447', slug: 'stripe', name: 'stripe-secret-key', provider: 'Stripe', secretKind: 'secret key', ai: false, tier: 1,
    patterns: [
      ...['sk_live_', 'rk_live_', 'sk_prod_', 'rk_prod_'].map((anchor) => ({ anchor, regex: sticky(`${anchor}[A-Za-z0-9]{10,99}${END}`), prefixLength: 8, validate: isNotPaystackShaped })),
      { anchor: 'whsec_', regex: sticky(`whsec_[A-Za-z0-9+/]{32,64}${END}`), prefixLength: 6, label: 'webhook signing secret' },
      ...['sk_test_', 'rk_test_'].map((anchor) => ({ anchor, regex: sticky(`${anchor}[A-Za-z0-9]{10,99}${END}`), prefixLength: 8, severity: 'warning' as Severity, label: 'test-mode key', validate: isNotPaystackShaped })),
    ],
    envVar: 'STRIPE_SECRET_KEY', severity: 'error',
    format: '`sk_` or `rk_`, then `live`, `test` or `prod`, `_` and 10 to 99 alphanumerics, or a `whsec_` webhook signing secret (`pk_` publishable keys are public and not reported)',
    exampleCall: 'stripe.api_key = "sk_live_…"',
    references: [CWE_798, 'https://docs.stripe.com/keys'],
  },
  {
    id: 'AIS448', slug: 'npm', name: 'npm-token', provider: 'npm', secretKind: 'access token', ai: false, tier: 1,
    patterns: [{ anchor: 'npm_', regex: sticky(`npm_[A-Za-z0-9]{36}${END}`), prefixLength: 4, validate: isGitHubChecksumValid }],
    // Legacy tokens are bare UUIDs, told from any other UUID only by the npm names they are bound to (an `.npmrc`
    // `_authToken`, `NPM_TOKEN`); the generic rule leaves UUIDs alone. `NODE_AUTH_TOKEN` is left out: `nod` opens
    // `node` everywhere, and the variable nearly always holds a reference to a CI secret.
    context: { keywords: ['_authtoken', 'npm_token', 'npm_auth_token'], body: /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, window: 60 },
    envVar: 'NPM_TOKEN', severity: 'error',
    format: '`npm_` followed by 30 alphanumerics and a 6-character base62 CRC32 of them, as GitHub tokens (a failed checksum is not a token); or a legacy token, a lower-case UUID, next to `_authToken` (`.npmrc`) or `NPM_TOKEN`',
    exampleCall: '//registry.npmjs.org/:_authToken=npm_…',
    useInstead: '//registry.npmjs.org/:_authToken=${NPM_TOKEN}',
    references: [CWE_798, 'https://docs.npmjs.com/about-access-tokens'],
  },
  {
    id: 'AIS449', slug: 'pypi', name: 'pypi-token', provider: 'PyPI', secretKind: 'upload token', ai: false, tier: 1,
    patterns: [{ anchor: 'pypi-', regex: sticky(`pypi-AgEIcHlwaS5vcmc[${B64URL}]{50,300}${END}`), prefixLength: 20 }],
    envVar: 'PYPI_TOKEN', severity: 'error',
    format: '`pypi-` followed by the macaroon header `AgEIcHlwaS5vcmc` and at least 50 base64url characters',
    exampleCall: 'password = "pypi-AgEIcHlwaS5vcmc…"',
    references: [CWE_798, 'https://pypi.org/help/#apitoken'],
  },
  {
    id: 'AIS450', slug: 'sendgrid', name: 'sendgrid-api-key', provider: 'SendGrid', secretKind: 'API key', ai: false, tier: 1,
    patterns: [{ anchor: 'SG.', regex: sticky(`SG\\.[${B64URL}]{22}\\.[${B64URL}]{43}${END}`), prefixLength: 3 }],
    envVar: 'SENDGRID_API_KEY', severity: 'error',
    format: '`SG.` followed by 22 and 43 base64url characters separated by a dot',
    exampleCall: 'sg = SendGridAPIClient("SG.…")',
    references: [CWE_798, 'https://www.twilio.com/docs/sendgrid/ui/account-and-settings/api-keys'],
  },
  {
    id: 'AIS451', slug: 'twilio', name: 'twilio-api-key', provider: 'Twilio', secretKind: 'API key', ai: false, tier: 2, patterns: [],
    context: { keywords: ['twilio'], body: /SK[0-9a-fA-F]{32}/g, window: 200 },
    envVar: 'TWILIO_API_KEY', severity: 'error',
    format: '`SK` followed by 32 hex digits, reported next to `twilio`',
    exampleCall: 'client = Client("SK…", api_secret, account_sid)  # twilio',
    references: [CWE_798, 'https://www.twilio.com/docs/iam/api-keys'],
  },
  {
    id: 'AIS452', slug: 'private-key', name: 'private-key', provider: 'PEM', secretKind: 'private key', ai: false, tier: 1,
    patterns: [],
    envVar: 'PRIVATE_KEY', severity: 'error',
    format: 'a `-----BEGIN … PRIVATE KEY-----` block (RSA, EC, DSA, OpenSSH, PKCS#8, encrypted, PGP) with a real base64 body and its END line. A key in test material (a test folder such as `tests/` or `testdata/`, or one named for a test setup such as `pebble-test/` or `testserver/`) is information in the audit profile only: the key of a local test server or test certificate authority protects nothing',
    exampleCall: 'KEY = """-----BEGIN RSA PRIVATE KEY-----\\n…"""',
    useInstead: 'KEY = Path(os.environ["PRIVATE_KEY_FILE"]).read_text()',
    references: [CWE_798, 'https://cwe.mitre.org/data/definitions/321.html'],
  },
  {
    id: 'AIS453', slug: 'jwt', name: 'json-web-token', provider: 'JWT', secretKind: 'JSON Web Token', ai: false, tier: 2,
    patterns: [],
    envVar: 'AUTH_TOKEN', severity: 'warning',
    format: 'three base64url segments joined by dots whose header decodes to JSON with an `alg` member',
    exampleCall: 'headers = {"Authorization": "Bearer eyJ…"}',
    useInstead: 'headers = {"Authorization": f"Bearer {os.environ[\'AUTH_TOKEN\']}"}',
    references: [CWE_798, 'https://datatracker.ietf.org/doc/html/rfc7519'],
  },
  {
    id: 'AIS454', slug: 'database-url', name: 'database-url-password', provider: 'Database', secretKind: 'connection-string password', ai: false, tier: 2,
    patterns: [],
    envVar: 'DATABASE_URL', severity: 'error',
    format: '`scheme://user:password@host` URLs for PostgreSQL, MySQL, MariaDB, SQL Server, MongoDB, Redis, AMQP and similar, with a password that is not a placeholder and a host that is not local',
    exampleCall: 'engine = create_engine("postgresql://app:…@db.internal/app")',
    useInstead: 'engine = create_engine(os.environ["DATABASE_URL"])',
    references: [CWE_798, 'https://cwe.mitre.org/data/definitions/259.html'],
  },
  ...SERVICE_PROVIDERS,
  ...CATALOGUE_PROVIDERS,
];

/**
 * Paystack's secret keys share Stripe's `sk_live_` and `sk_test_` prefixes; their body is 40 lower-case letters and
 * digits, while Stripe's mixes both cases (24 or 99 characters), so the body's length and alphabet tell them apart.
 */
function isNotPaystackShaped(token: string): boolean {
  return !/^sk_(?:live|test)_[a-z0-9]{40}$/.test(token);
}

/** Provider rules by id. */
export const PROVIDER_BY_ID: ReadonlyMap<string, ProviderRule> = new Map(PROVIDERS.map((p) => [p.id, p]));

export const GCP_SERVICE_ACCOUNT_ID = 'AIS442';
export const PRIVATE_KEY_ID = 'AIS452';
export const JWT_ID = 'AIS453';
export const DATABASE_URL_ID = 'AIS454';
export const AWS_KEY_ID_ID = 'AIS440';
export const AWS_SECRET_ID = 'AIS441';
