/**
 * Which packages and modules are AI services, SDKs and frameworks: the table behind the inventory's
 * services (found from imports in code and from dependencies in manifests) and its AI-related dependencies.
 */
import type { InventoryEntry } from './types';

interface AiPackage {
  /** The service or SDK as people name it. */
  label: string;
  kind: NonNullable<InventoryEntry['serviceKind']>;
  /** Python top-level modules (or dotted prefixes) that belong to it. */
  python?: readonly string[];
  /** PyPI distributions (PEP 503 normalised), or prefixes ending in `-`. */
  pypi?: readonly string[];
  /** npm packages, or scope prefixes ending in `/`. */
  npm?: readonly string[];
}

const AI_PACKAGES: readonly AiPackage[] = [
  { label: 'OpenAI', kind: 'api', python: ['openai'], pypi: ['openai'], npm: ['openai', '@ai-sdk/openai'] },
  { label: 'Anthropic', kind: 'api', python: ['anthropic'], pypi: ['anthropic'], npm: ['@anthropic-ai/sdk', '@ai-sdk/anthropic'] },
  { label: 'Google Gemini', kind: 'api', python: ['google.generativeai', 'google.genai'], pypi: ['google-generativeai', 'google-genai'], npm: ['@google/generative-ai', '@google/genai', '@ai-sdk/google'] },
  { label: 'Google Vertex AI', kind: 'api', python: ['vertexai', 'google.cloud.aiplatform'], pypi: ['google-cloud-aiplatform', 'vertexai'], npm: ['@google-cloud/vertexai', '@google-cloud/aiplatform', '@ai-sdk/google-vertex'] },
  { label: 'Mistral', kind: 'api', python: ['mistralai'], pypi: ['mistralai'], npm: ['@mistralai/mistralai', '@ai-sdk/mistral'] },
  { label: 'Cohere', kind: 'api', python: ['cohere'], pypi: ['cohere'], npm: ['cohere-ai', '@ai-sdk/cohere'] },
  { label: 'Groq', kind: 'api', python: ['groq'], pypi: ['groq'], npm: ['groq-sdk', '@ai-sdk/groq'] },
  { label: 'Together AI', kind: 'api', python: ['together'], pypi: ['together'], npm: ['together-ai'] },
  { label: 'Replicate', kind: 'api', python: ['replicate'], pypi: ['replicate'], npm: ['replicate'] },
  { label: 'AWS Bedrock', kind: 'api', python: ['langchain_aws'], pypi: ['langchain-aws'], npm: ['@aws-sdk/client-bedrock-runtime', '@aws-sdk/client-bedrock', '@aws-sdk/client-bedrock-agent-runtime', '@ai-sdk/amazon-bedrock'] },
  { label: 'Azure OpenAI', kind: 'api', python: ['azure.ai.openai', 'azure.ai.inference'], pypi: ['azure-ai-inference', 'azure-ai-openai'], npm: ['@azure/openai', '@azure-rest/ai-inference'] },
  { label: 'Hugging Face Inference', kind: 'api', python: ['huggingface_hub.inference'], npm: ['@huggingface/inference'] },
  { label: 'Ollama', kind: 'runtime', python: ['ollama'], pypi: ['ollama'], npm: ['ollama', 'ollama-ai-provider'] },
  { label: 'vLLM', kind: 'runtime', python: ['vllm'], pypi: ['vllm'] },
  { label: 'llama.cpp', kind: 'runtime', python: ['llama_cpp'], pypi: ['llama-cpp-python'], npm: ['node-llama-cpp'] },
  { label: 'LiteLLM', kind: 'framework', python: ['litellm'], pypi: ['litellm'] },
  { label: 'LangChain', kind: 'framework', python: ['langchain', 'langchain_core', 'langchain_community', 'langchain_openai', 'langchain_anthropic', 'langgraph'], pypi: ['langchain', 'langchain-', 'langgraph'], npm: ['langchain', '@langchain/'] },
  { label: 'LlamaIndex', kind: 'framework', python: ['llama_index'], pypi: ['llama-index', 'llama-index-'], npm: ['llamaindex', '@llamaindex/'] },
  { label: 'Vercel AI SDK', kind: 'framework', npm: ['ai'] },
  { label: 'CrewAI', kind: 'framework', python: ['crewai', 'crewai_tools'], pypi: ['crewai', 'crewai-tools'] },
  { label: 'AutoGen', kind: 'framework', python: ['autogen', 'autogen_agentchat', 'autogen_core'], pypi: ['pyautogen', 'autogen-agentchat', 'autogen-core', 'ag2'] },
  { label: 'smolagents', kind: 'framework', python: ['smolagents'], pypi: ['smolagents'] },
  { label: 'Pydantic AI', kind: 'framework', python: ['pydantic_ai'], pypi: ['pydantic-ai', 'pydantic-ai-slim'] },
  { label: 'OpenAI Agents SDK', kind: 'framework', pypi: ['openai-agents'], npm: ['@openai/agents'] },
  { label: 'DSPy', kind: 'framework', python: ['dspy'], pypi: ['dspy', 'dspy-ai'] },
  { label: 'Haystack', kind: 'framework', python: ['haystack'], pypi: ['haystack-ai', 'farm-haystack'] },
  { label: 'Semantic Kernel', kind: 'framework', python: ['semantic_kernel'], pypi: ['semantic-kernel'] },
  { label: 'Model Context Protocol', kind: 'framework', python: ['mcp', 'fastmcp'], pypi: ['mcp', 'fastmcp'], npm: ['@modelcontextprotocol/sdk'] },
  { label: 'Hugging Face Transformers', kind: 'library', python: ['transformers'], pypi: ['transformers'], npm: ['@huggingface/transformers', '@xenova/transformers'] },
  { label: 'Hugging Face Hub', kind: 'library', python: ['huggingface_hub'], pypi: ['huggingface-hub'], npm: ['@huggingface/hub'] },
  { label: 'Hugging Face Datasets', kind: 'library', python: ['datasets'], pypi: ['datasets'] },
  { label: 'Sentence Transformers', kind: 'library', python: ['sentence_transformers'], pypi: ['sentence-transformers'] },
  { label: 'Diffusers', kind: 'library', python: ['diffusers'], pypi: ['diffusers'] },
  { label: 'PyTorch', kind: 'library', python: ['torch'], pypi: ['torch'] },
  { label: 'TensorFlow', kind: 'library', python: ['tensorflow'], pypi: ['tensorflow', 'tensorflow-cpu', 'tensorflow-gpu'], npm: ['@tensorflow/'] },
  { label: 'Keras', kind: 'library', python: ['keras'], pypi: ['keras', 'tf-keras'] },
  { label: 'JAX', kind: 'library', python: ['jax', 'flax'], pypi: ['jax', 'flax'] },
  { label: 'ONNX Runtime', kind: 'library', python: ['onnxruntime', 'onnx'], pypi: ['onnxruntime', 'onnxruntime-gpu', 'onnx'], npm: ['onnxruntime-node', 'onnxruntime-web'] },
  { label: 'safetensors', kind: 'library', python: ['safetensors'], pypi: ['safetensors'] },
  { label: 'Accelerate', kind: 'library', python: ['accelerate'], pypi: ['accelerate'] },
  { label: 'PEFT', kind: 'library', python: ['peft'], pypi: ['peft'] },
  { label: 'tiktoken', kind: 'library', python: ['tiktoken'], pypi: ['tiktoken'], npm: ['tiktoken', 'js-tiktoken'] },
  { label: 'scikit-learn', kind: 'library', python: ['sklearn'], pypi: ['scikit-learn'] },
  { label: 'XGBoost', kind: 'library', python: ['xgboost'], pypi: ['xgboost'] },
  { label: 'MLflow', kind: 'library', python: ['mlflow'], pypi: ['mlflow'] },
  { label: 'Chroma', kind: 'library', python: ['chromadb'], pypi: ['chromadb'], npm: ['chromadb'] },
  { label: 'Pinecone', kind: 'api', python: ['pinecone'], pypi: ['pinecone', 'pinecone-client'], npm: ['@pinecone-database/pinecone'] },
];

/** The AI package a Python module belongs to (`google.generativeai.types` → Google Gemini). */
export function aiPackageOfPythonModule(module: string): AiPackage | undefined {
  for (const entry of AI_PACKAGES) {
    if (entry.python?.some((prefix) => module === prefix || module.startsWith(`${prefix}.`))) return entry;
  }
  return undefined;
}

/** The AI package a dependency name belongs to, in its ecosystem (PyPI names PEP 503 normalised). */
export function aiPackageOfDependency(ecosystem: 'pypi' | 'npm' | 'conda', name: string): AiPackage | undefined {
  const key = ecosystem === 'npm' ? name : name.toLowerCase().replace(/[-_.]+/g, '-');
  for (const entry of AI_PACKAGES) {
    const names = ecosystem === 'npm' ? entry.npm : entry.pypi;
    if (names?.some((n) => n === key || ((n.endsWith('-') || n.endsWith('/')) && key.startsWith(n)))) return entry;
  }
  return undefined;
}

export type { AiPackage };
