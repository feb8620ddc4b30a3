/**
 * AIS116 langchain-dangerous-deserialization: LangChain's `allow_dangerous_deserialization=True` opt-in
 * unpickles vector-store indexes and other saved objects.
 */
import { defineRule } from '../../../engine/rule';
import { optInKeywordChecker } from '../../shared/python-opt-in';

export default defineRule(
  {
    id: 'AIS116',
    name: 'langchain-dangerous-deserialization',
    title: 'LangChain allow_dangerous_deserialization enabled',
    category: 'deserialization',
    fileKinds: ['python'],
    severity: 'error',
    confidence: 'high',
    cwe: ['CWE-502'],
    message: '`{{callee}}` is called with `allow_dangerous_deserialization` enabled: the saved index is unpickled, so a tampered file runs code.',
    fixAvailability: 'sometimes',
    docs: {
      whatItDoes: 'Flags any call that passes `allow_dangerous_deserialization` with a truthy value: `FAISS.load_local`, `FAISS.deserialize_from_bytes`, `Annoy.load_local`, `ScaNN.load_local`, `TFIDFRetriever.load_local`, `load_chain` and the other LangChain loaders that accept it. A non-literal value is flagged with low confidence.',
      whyIsThisBad: 'These loaders read pickle files (the FAISS docstore, the TF-IDF vectorizer, pickled transform functions). LangChain refuses to load them unless this opt-in is set, because a pickle from a shared drive, a bucket or an upload runs code when it is read (CVE-2024-5998 for `FAISS.deserialize_from_bytes`).',
      example: 'from langchain_community.vectorstores import FAISS\n\ndb = FAISS.load_local("index", embeddings, allow_dangerous_deserialization=True)\n',
      useInstead: 'from langchain_community.vectorstores import FAISS\n\n# Rebuild the index from the source documents, or verify a pinned hash of the files before loading.\ndb = FAISS.from_documents(documents, embeddings)\n',
      fixSafety: 'The fix removes the keyword. It is unsafe: the loader then raises `ValueError`, so the index has to be rebuilt or verified another way.',
      references: ['https://cwe.mitre.org/data/definitions/502.html', 'https://python.langchain.com/docs/security/', 'https://nvd.nist.gov/vuln/detail/CVE-2024-5998'],
    },
  },
  optInKeywordChecker({ ruleId: 'AIS116', keyword: 'allow_dangerous_deserialization', consequence: 'the saved index is unpickled, so a tampered file runs code' }),
);
