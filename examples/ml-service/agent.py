"""A LangChain agent that answers data questions by writing and running Python."""
from langchain_community.vectorstores import FAISS
from langchain_experimental.tools import PythonREPLTool
from langchain_openai import ChatOpenAI, OpenAIEmbeddings
from openai import OpenAI

client = OpenAI()
llm = ChatOpenAI(model="gpt-4o-mini")
tools = [PythonREPLTool()]


def load_index(path):
    # FAISS indexes are pickles; this flag says "I trust whoever wrote this file".
    return FAISS.load_local(path, OpenAIEmbeddings(), allow_dangerous_deserialization=True)


def answer_with_code(question, table_description):
    response = client.chat.completions.create(
        model="gpt-4o-mini",
        messages=[
            {"role": "system", "content": "Write Python that computes the answer. Reply with code only."},
            {"role": "user", "content": f"{table_description}\n\n{question}"},
        ],
    )
    code = response.choices[0].message.content
    snippet = code.strip().removeprefix("```python").removesuffix("```")
    scope = {}
    # LLM output reaches exec: a prompt injection in the question or the data runs code here.
    exec(snippet, scope)
    return scope.get("answer")
