/**
 * A tool class that gives the model its own schema (`to_params`, `get_args_schema`, an `args_schema` attribute) has
 * entry methods whose parameters the model chooses (`rules/shared/taint/tools.ts` reads the class body for the
 * schema members). Those members are units of their own, so an entry method analysed again without them would
 * lose its model-output finding: an entry method refers to the schema members' attribute links, which puts them
 * in the same partial run.
 */

/** The methods an agent loop calls with the model's arguments on a class that describes itself as a tool. */
export const SELF_DESCRIBED_TOOL_ENTRY_METHODS: readonly string[] = ['__call__', 'execute', 'aexecute', 'run', 'arun', '_run', '_arun', 'forward'];

/** The class members whose presence makes the class describe itself as a tool. */
export const TOOL_SCHEMA_MEMBERS: readonly string[] = ['to_params', 'get_args_schema', 'args_schema'];
